//go:build unix

package cli

import (
	"os"
	"runtime"
	"syscall"
)

// peakKiB is the largest resident set of a finished process in KiB, as
// the kernel counted it.
func peakKiB(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) / 1024 // bytes there
	}
	return int64(ru.Maxrss)
}
