package extract

import (
	"strings"

	"github.com/warta-news/warta"
	"github.com/warta-news/warta/internal/pattern"
)

// The cue lexicon: short, general Indonesian (and English) phrases that
// mark page furniture. They are patterns of the genre, not strings of any
// one page; docs/cleaning.md explains each group.
var (
	reRelated    = pattern.New(`(?i)^\s*(baca juga|baca pula|simak juga|lihat juga|artikel terkait|berita terkait lainnya|read also|see also|also read)\s*(?:[:：\-–—>»]+\s*|\s+)(.*)$`)
	reRelatedBar = pattern.New(`(?i)^\s*(baca juga|baca pula|simak juga|lihat juga|read also|also read)\s*[:：]?\s*$`)
	// List headers open the trailing lists of other news.
	reListHeader = pattern.New(`(?i)^\s*(berita terkait|terpopuler|populer|paling populer|pilihan|pilihan editor|pilihan redaksi|terkini|berita terkini|berita lainnya|berita lain|rekomendasi|rekomendasi untuk anda|trending|topik terkait|topik pilihan|tag|tags|topik|baca selanjutnya|artikel lainnya|most popular|most read|related|related articles|latest news|editor'?s picks?|video pilihan|infografis|lainnya dari .{1,30}|news feed|headline|hot issue|terhangat)\s*:?\s*$`)
	rePagination = pattern.New(`(?i)^\s*(sebelumnya|selanjutnya|berikutnya|halaman\s*\d+(\s*dari\s*\d+)?|hal\.?\s*\d+|next|prev|previous|load more|muat lebih banyak|tampilkan (lebih banyak|semua)|lanjut baca|lanjutkan membaca|\d+\s*/\s*\d+|[«‹<]+|[»›>]+|1\s+2(\s+\d+)*|show all|baca selengkapnya|selengkapnya)\s*$`)
	reAd         = pattern.New(`(?i)^\s*(advertisement|iklan|ads|adv|sponsored|konten sponsor|konten bersponsor|scroll to continue( with content)?|scroll untuk melanjutkan|gulir untuk melanjutkan|scroll ke bawah untuk melanjutkan|artikel berlanjut di bawah ini|content continues below)\s*$`)
	reCTA        = pattern.New(`(?i)\b(google news|grup telegram|channel telegram|saluran whatsapp|whatsapp channel|ikuti (kami|berita|update|akun|saluran)|follow (us|kami)|subscribe|download aplikasi|unduh aplikasi|simak berita( dan artikel)? lainnya|simak breaking news|dapatkan (juga )?update|klik link|klik di ?sini|klik tautan|daftar sekarang|dapatkan berita|bergabung (di|ke|dengan) (grup|channel|kanal)|install aplikasi|tonton (video|juga)|saksikan (video|juga|live)|cek berita dan artikel|update berita (dan artikel )?.{0,30} (menarik )?lainnya|kirim (tulisan|artikel) anda)`)
	reFooter     = pattern.New(`(?i)^\s*(tentang kami|pedoman media siber|kebijakan privasi|privacy policy|syarat (dan|&) ketentuan|terms of (use|service)|redaksi|susunan redaksi|kontak( kami)?|hubungi kami|disclaimer|karir|karier|info iklan|iklan\s*&\s*kerja sama|sitemap|kode etik|standar perlindungan wartawan|copyright.*|hak cipta.*|©.*|all rights reserved.*|dilarang (mengutip|mengambil).*)\s*$`)
	reCredit     = pattern.New(`(?i)^\s*(editor|penulis|reporter|pewarta|penyunting|redaktur|kontributor|fotografer|wartawan|author|writer|editing|penerjemah)\s*[:|]\s*(.+)$`)
	reRepRed     = pattern.New(`(?i)^\s*(?:rep(?:orter)?)\s*:\s*([^/|]+?)\s*[/|]\s*(?:red(?:aktur)?)\s*:\s*(.+)$`)
	reLaporan    = pattern.New(`(?i)^\s*laporan (?:wartawan|reporter|koresponden)\s+[A-Za-z0-9.]+\s*,\s*(.+?)\s*$`)
	reShare      = pattern.New(`(?i)^\s*(bagikan|share|share this|bagikan artikel|facebook|twitter|x|whatsapp|telegram|line|linkedin|copy link|salin tautan|salin link|tweet|email|komentar|\d+\s*komentar|suka|like|print|cetak)(\s*[|·,]\s*(facebook|twitter|whatsapp|telegram|line|linkedin|email|copy link|salin tautan))*\s*$`)
	reToggle     = pattern.New(`(?i)^\s*(dark\s*/\s*light mode|light\s*/\s*dark mode|mode gelap|dark mode|light mode|a\+?\s*a-?|ukuran (huruf|font)|font size|login|masuk|daftar|register|menu|cari|search|beranda|home|indeks|index)\s*$`)
	// Captions end with a photo credit in parentheses or start with one.
	reCaptionEnd    = pattern.New(`(?i)\((foto|photo|ilustrasi|illustration|dok\.?|dokumentasi|sumber( foto)?|antara( foto)?|istimewa|tangkapan layar|screenshot|getty|reuters|afp|ap photo)\b[^)]*\)\s*\.?\s*$`)
	reCaptionSlash  = pattern.New(`\((?:[A-Z][A-Za-z.]+)(?:\s+[A-Z][A-Za-z.]+)?/[^)]{2,60}\)\s*\.?\s*$`)
	reCaptionAgency = pattern.New(`(?i)\b(antara foto|foto antara|antara)/[^/]{2,40}(/[a-z]{2,5})?\.?\s*$`)
	reInitials      = pattern.New(`^\s*\(\s*[a-z]{2,5}(\s*/\s*[a-z]{2,5})+\s*\)\s*$`)
	reCaptionStart  = pattern.New(`(?i)^\s*(foto|ilustrasi|keterangan foto|caption|photo)\s*[:：]\s*\S`)
	reNumeric       = pattern.New(`^[\s\d.,:%+\-–/()]+$|^\s*[\d.,]+\s*(%|persen|suara|votes?|kursi)\s*$`)
	rePair          = pattern.New(`^\s*[A-Z][\p{L}.'-]+(\s+[A-Z][\p{L}.'-]+)?\s*&\s*[A-Z][\p{L}.'-]+(\s+[A-Z][\p{L}.'-]+)?\s*$`)
	reBullet        = pattern.New(`^\s*([-–—•*·▪►>]|\d{1,2}[.)])\s*`)
	reTimestamp     = pattern.New(`(?i)^\s*(\d+\s+(menit|jam|hari|detik)\s+(yang\s+)?lalu|baru saja|kemarin)\s*$`)
)

// cueKind returns the clutter kind a line's own words announce, or "".
func cueKind(s string) warta.ClutterKind {
	switch {
	case reRelated.MatchString(s) || reRelatedBar.MatchString(s):
		return warta.ClutterRelated
	case reListHeader.MatchString(s):
		return warta.ClutterList
	case rePagination.MatchString(s):
		return warta.ClutterPagination
	case reAd.MatchString(s):
		return warta.ClutterAd
	case reFooter.MatchString(s):
		return warta.ClutterFooter
	case reCredit.MatchString(s) || reRepRed.MatchString(s) || reLaporan.MatchString(s) || reInitials.MatchString(s):
		return warta.ClutterCredit
	case reShare.MatchString(s):
		return warta.ClutterShare
	case reToggle.MatchString(s):
		return warta.ClutterWidget
	case reTimestamp.MatchString(s):
		return warta.ClutterMetadata
	case isCaption(s):
		return warta.ClutterCaption
	case len(s) < 400 && mayCTA(s) && reCTA.MatchString(s) && !strings.HasPrefix(strings.TrimSpace(s), "\""):
		return warta.ClutterCTA
	}
	return ""
}

// ctaWords are the words every call to action contains one of; checking
// for them first spares the long CTA pattern on most lines.
var ctaWords = []string{"google", "telegram", "whatsapp", "ikuti", "follow", "subscribe", "langganan", "aplikasi", "simak",
	"update", "klik", "gabung", "tonton", "saksikan", "cek berita", "kirim", "punya cerita", "daftar", "dapatkan", "install", "unduh", "download"}

func mayCTA(s string) bool {
	l := strings.ToLower(s)
	for _, w := range ctaWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func isCaption(s string) bool {
	// Captions are short; a long line ending in "(AFP)" or "(NPL/...)" is
	// text with a credit or an abbreviation at its end.
	if len(s) > 220 {
		return false
	}
	paren, slash := strings.Contains(s, "("), strings.Contains(s, "/")
	return paren && reCaptionEnd.MatchString(s) || reCaptionStart.MatchString(s) || slash && reCaptionAgency.MatchString(s) ||
		(paren && slash && reCaptionSlash.MatchString(s) && !strings.Contains(s, "\""))
}

// relatedTitle returns the linked title of a "Baca Juga: ..." line.
func relatedTitle(s string) string {
	m := reRelated.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[2])
}
