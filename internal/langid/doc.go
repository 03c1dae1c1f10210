// Package langid tells the language of a text among Indonesian, Malay,
// English, Javanese and Sundanese. It scores words against small lexicons
// of each language's frequent and distinctive words: the closely related
// Indonesian and Malay differ mostly in such words (bisa/boleh,
// karena/kerana, setelah/selepas, uang/wang), which character n-gram
// models without Malay training data cannot see, and lingua-go, which can,
// adds about 130 MB to the binary (docs/language.md).
package langid
