package ui

// messages holds the interface strings per language. Indonesian is the
// default because warta's readers read Indonesian news; English is there
// for embassies and researchers.
var messages = map[string]map[string]string{
	"id": {
		"search": "Cari", "search_placeholder": "kata, \"frasa\", -kecuali, outlet:kompas.com, from:2021-07-01",
		"results": "hasil", "no_results": "Tidak ada artikel yang cocok.", "outlets_see_all": "media — lihat semua", "copy": "salinan", "outlet": "Media", "language": "Bahasa",
		"from": "Dari", "to": "Sampai", "all": "Semua", "status": "Status", "quotes": "Kutipan", "entities": "Entitas",
		"published": "Terbit", "authors": "Penulis", "captions": "Keterangan foto", "related": "Baca juga",
		"clutter": "Yang dibuang pembersih", "raw": "Dokumen mentah", "documents": "Dokumen", "articles": "Artikel",
		"problems": "Masalah", "source": "Sumber", "reason": "Alasan", "next": "Berikutnya", "prev": "Sebelumnya",
		"syntax": "Sintaks pencarian", "dateline": "Tempat", "said": "berkata", "unknown_speaker": "pembicara tidak diketahui",
		"dates": "Tanggal", "not_found": "Tidak ditemukan", "error": "Terjadi kesalahan", "home": "Beranda",
		"by_outlet": "Per media", "in_reader_tz": "waktu Anda",
		"event": "Peristiwa", "story": "Rangkaian", "date": "Tanggal", "place": "Tempat", "topics": "Topik",
		"reports": "Laporan", "reports_n": "laporan", "first_report": "laporan pertama", "copies": "Salinan",
		"entity": "Entitas", "aliases": "Nama lain", "roles": "Jabatan", "offices": "Jabatan resmi", "timeline": "Lini masa",
		"appears_with": "Sering muncul bersama", "with": "Bersama", "show": "Tampilkan", "no_events": "Belum ada peristiwa.",
		"speaker": "Pembicara", "event_type": "Jenis peristiwa", "ingesting": "Sedang diproses", "queued": "dokumen dalam antrean",
		"sources": "Sumber langsung", "state": "Keadaan", "last_result": "Hasil terakhir", "next_poll": "Berikutnya", "about": "Tentang", "quotes_n": "kutipan", "events": "Peristiwa",
		"untitled": "(tanpa judul)", "more_events": "peristiwa lagi", "events_n": "peristiwa", "days": "hari", "months": "bulan", "years": "tahun",
		"later": "kemudian", "undated": "Tanpa tanggal", "also": "Juga", "outlets_n": "media", "latest_events": "Peristiwa terbaru",
		"maybe_same": "Mungkin sama dengan", "articles_n": "artikel",
		"see_all_events": "Semua peristiwa di lini masa", "recent_quotes": "Kutipan terbaru", "recent_events": "Peristiwa terbaru",
		"main_entities": "Tokoh dan lembaga", "no_events_yet": "Belum ada peristiwa. Masukkan artikel dengan warta ingest.",
	},
	"en": {
		"search": "Search", "search_placeholder": "words, \"phrase\", -without, outlet:kompas.com, from:2021-07-01",
		"results": "results", "no_results": "No article matches.", "outlets_see_all": "outlets — see all", "copy": "copy", "outlet": "Outlet", "language": "Language",
		"from": "From", "to": "To", "all": "All", "status": "Status", "quotes": "Quotes", "entities": "Entities",
		"published": "Published", "authors": "Authors", "captions": "Captions", "related": "Read also",
		"clutter": "Removed by the cleaner", "raw": "Raw document", "documents": "Documents", "articles": "Articles",
		"problems": "Problems", "source": "Source", "reason": "Reason", "next": "Next", "prev": "Previous",
		"syntax": "Search syntax", "dateline": "Dateline", "said": "said", "unknown_speaker": "speaker unknown",
		"dates": "Dates", "not_found": "Not found", "error": "Something went wrong", "home": "Home",
		"by_outlet": "By outlet", "in_reader_tz": "your time",
		"event": "Event", "story": "Story", "date": "Date", "place": "Place", "topics": "Topics",
		"reports": "Reports", "reports_n": "reports", "first_report": "first report", "copies": "Copies",
		"entity": "Entity", "aliases": "Also called", "roles": "Roles", "offices": "Offices held", "timeline": "Timeline",
		"appears_with": "Appears most with", "with": "With", "show": "Show", "no_events": "No events yet.",
		"speaker": "Speaker", "event_type": "Event type", "ingesting": "Ingesting", "queued": "documents queued",
		"sources": "Live sources", "state": "State", "last_result": "Last result", "next_poll": "Next poll", "about": "About", "quotes_n": "quotes", "events": "Events",
		"untitled": "(untitled)", "more_events": "more events", "events_n": "events", "days": "days", "months": "months", "years": "years",
		"later": "later", "undated": "Undated", "also": "Also", "outlets_n": "outlets", "latest_events": "Latest events",
		"maybe_same": "Maybe the same as", "articles_n": "articles",
		"see_all_events": "All events on the timeline", "recent_quotes": "Recent quotes", "recent_events": "Recent events",
		"main_entities": "People and organizations", "no_events_yet": "No events yet. Add articles with warta ingest.",
	},
}

// t returns the message for key in lang, falling back to Indonesian and
// then to the key itself, so a missing string shows rather than breaks.
func t(lang, key string) string {
	if m, ok := messages[lang][key]; ok {
		return m
	}
	if m, ok := messages["id"][key]; ok {
		return m
	}
	return key
}
