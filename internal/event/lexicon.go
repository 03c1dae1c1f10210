package event

import "strings"

// trigger is a word or phrase that signals an event. Matching is on
// lower-cased text at word boundaries; a phrase wins over a single word it
// contains because triggers are tried longest first.
type trigger struct {
	phrase string
	typ    string // PLOVER category, or "interview"
	mode   string
	// visit marks triggers whose actor travels to a destination ("ke X").
	visit bool
	// weak triggers only count when the sentence names two people
	// ("berkomunikasi dengan X", "menerima Menlu X") — for arrests, one
	// person: "BI menahan suku bunga" is no arrest.
	weak bool
}

// triggers, grouped by category. Modes follow the seeds' gold file:
// meeting, visit, phone_call, signed, medical ...
var triggers = func() []trigger {
	ts := []trigger{
		// CONSULT: meetings, visits, calls.
		{phrase: "pertemuan bilateral", typ: "CONSULT", mode: "meeting"},
		{phrase: "melakukan pertemuan", typ: "CONSULT", mode: "meeting"},
		{phrase: "menggelar pertemuan", typ: "CONSULT", mode: "meeting"},
		{phrase: "mengadakan pertemuan", typ: "CONSULT", mode: "meeting"},
		{phrase: "bertemu", typ: "CONSULT", mode: "meeting"},
		{phrase: "bertatap muka", typ: "CONSULT", mode: "meeting"},
		{phrase: "menemui", typ: "CONSULT", mode: "meeting"},
		{phrase: "pertemuan", typ: "CONSULT", mode: "meeting", weak: true},
		{phrase: "menerima kunjungan", typ: "CONSULT", mode: "meeting"},
		{phrase: "menerima", typ: "CONSULT", mode: "meeting", weak: true},
		{phrase: "pembicaraan bilateral", typ: "CONSULT", mode: "meeting"},
		{phrase: "berunding", typ: "CONSULT", mode: "meeting"},
		{phrase: "perundingan", typ: "CONSULT", mode: "meeting"},
		{phrase: "konsultasi bilateral", typ: "CONSULT", mode: "meeting"},
		{phrase: "held talks", typ: "CONSULT", mode: "meeting"},
		{phrase: "met with", typ: "CONSULT", mode: "meeting"},
		{phrase: "kunjungan kerja", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "kunjungan kenegaraan", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "kunjungan resmi", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "kunjungan", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "berkunjung", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "mengunjungi", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "melawat", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "lawatan", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "visited", typ: "CONSULT", mode: "visit", visit: true},
		{phrase: "percakapan telepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "telepon percakapan", typ: "CONSULT", mode: "phone_call"},
		{phrase: "berbicara melalui telepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "menelepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "sambungan telepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "pembicaraan telepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "menerima telepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "menerima panggilan telepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "bertelepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "diplomasi telepon", typ: "CONSULT", mode: "phone_call"},
		{phrase: "panggilan video", typ: "CONSULT", mode: "phone_call"},
		{phrase: "konferensi video", typ: "CONSULT", mode: "phone_call"},
		{phrase: "phone call", typ: "CONSULT", mode: "phone_call"},
		{phrase: "berkomunikasi", typ: "CONSULT", mode: "phone_call", weak: true},
		// AGREE: signing and agreeing.
		{phrase: "menandatangani", typ: "AGREE", mode: "signed"},
		{phrase: "tandatangani", typ: "AGREE", mode: "signed"},
		{phrase: "ditandatangani", typ: "AGREE", mode: "signed"},
		{phrase: "penandatanganan", typ: "AGREE", mode: "signed"},
		{phrase: "meneken", typ: "AGREE", mode: "signed"},
		{phrase: "diteken", typ: "AGREE", mode: "signed"},
		{phrase: "signed", typ: "AGREE", mode: "signed"},
		{phrase: "menyepakati", typ: "AGREE", mode: "agreed"},
		{phrase: "sepakat", typ: "AGREE", mode: "agreed"},
		{phrase: "kesepakatan", typ: "AGREE", mode: "agreed"},
		// AID.
		{phrase: "menyumbangkan", typ: "AID", mode: "material"},
		{phrase: "menyumbang", typ: "AID", mode: "material"},
		{phrase: "memberikan bantuan", typ: "AID", mode: "material"},
		{phrase: "mengirimkan bantuan", typ: "AID", mode: "material"},
		{phrase: "menyalurkan bantuan", typ: "AID", mode: "material"},
		{phrase: "bantuan kemanusiaan", typ: "AID", mode: "humanitarian"},
		{phrase: "menghibahkan", typ: "AID", mode: "material"},
		{phrase: "menyerahkan bantuan", typ: "AID", mode: "material"},
		{phrase: "membagikan bantuan", typ: "AID", mode: "material"},
		{phrase: "memberi bantuan", typ: "AID", mode: "material"},
		{phrase: "donated", typ: "AID", mode: "material"},
		// COOPERATE.
		{phrase: "latihan bersama", typ: "COOPERATE", mode: "military"},
		{phrase: "patroli bersama", typ: "COOPERATE", mode: "military"},
		{phrase: "latihan gabungan", typ: "COOPERATE", mode: "military"},
		{phrase: "latihan militer", typ: "COOPERATE", mode: "military"},
		{phrase: "membuka latihan", typ: "COOPERATE", mode: "military"},
		// REQUEST.
		{phrase: "mendesak", typ: "REQUEST", mode: "demand"},
		{phrase: "menuntut", typ: "REQUEST", mode: "demand"},
		{phrase: "meminta", typ: "REQUEST", mode: ""},
		{phrase: "menyerukan", typ: "REQUEST", mode: ""},
		{phrase: "menyampaikan keinginan", typ: "REQUEST", mode: ""},
		{phrase: "menyatakan keinginan", typ: "REQUEST", mode: ""},
		{phrase: "menyatakan ingin", typ: "REQUEST", mode: ""},
		{phrase: "keinginan itu disampaikan", typ: "REQUEST", mode: ""},
		{phrase: "keinginan tersebut disampaikan", typ: "REQUEST", mode: ""},
		{phrase: "mengajukan permohonan", typ: "REQUEST", mode: ""},
		{phrase: "mendaftar sebagai anggota", typ: "REQUEST", mode: ""},
		// ACCUSE.
		{phrase: "mengecam", typ: "ACCUSE", mode: "disapprove"},
		{phrase: "kecaman", typ: "ACCUSE", mode: "disapprove"},
		{phrase: "mengutuk", typ: "ACCUSE", mode: "disapprove"},
		{phrase: "menuduh", typ: "ACCUSE", mode: "allege"},
		{phrase: "mengkritik", typ: "ACCUSE", mode: "disapprove"},
		{phrase: "condemned", typ: "ACCUSE", mode: "disapprove"},
		// Summoning an ambassador is a formal complaint.
		{phrase: "memanggil duta besar", typ: "ACCUSE", mode: "disapprove"},
		{phrase: "memanggil dubes", typ: "ACCUSE", mode: "disapprove"},
		{phrase: "nota protes", typ: "ACCUSE", mode: "disapprove"},
		{phrase: "melayangkan protes", typ: "ACCUSE", mode: "disapprove"},
		// REJECT.
		{phrase: "menolak", typ: "REJECT", mode: ""},
		// PROTEST.
		{phrase: "unjuk rasa", typ: "PROTEST", mode: "demonstrate"},
		{phrase: "berunjuk rasa", typ: "PROTEST", mode: "demonstrate"},
		{phrase: "demonstrasi", typ: "PROTEST", mode: "demonstrate"},
		{phrase: "aksi mogok", typ: "PROTEST", mode: "strike"},
		{phrase: "memprotes", typ: "PROTEST", mode: ""},
		{phrase: "aksi demo", typ: "PROTEST", mode: "demonstrate"},
		{phrase: "berdemonstrasi", typ: "PROTEST", mode: "demonstrate"},
		// DISASTER is not PLOVER, which codes what people do to each
		// other; but an earthquake is one event however many outlets
		// report it, and readers follow it as one. Its actor is the
		// place it struck.
		{phrase: "gempa bumi", typ: "DISASTER", mode: "earthquake"},
		{phrase: "gempa", typ: "DISASTER", mode: "earthquake"},
		{phrase: "diguncang gempa", typ: "DISASTER", mode: "earthquake"},
		{phrase: "tsunami", typ: "DISASTER", mode: "tsunami"},
		{phrase: "erupsi", typ: "DISASTER", mode: "volcanic_eruption"},
		{phrase: "meletus", typ: "DISASTER", mode: "volcanic_eruption"},
		{phrase: "awan panas guguran", typ: "DISASTER", mode: "volcanic_eruption"},
		{phrase: "tanah longsor", typ: "DISASTER", mode: "landslide"},
		{phrase: "banjir bandang", typ: "DISASTER", mode: "flood"},
		{phrase: "diterjang banjir", typ: "DISASTER", mode: "flood"},
		{phrase: "dilanda banjir", typ: "DISASTER", mode: "flood"},
		// THREATEN.
		{phrase: "mengancam", typ: "THREATEN", mode: ""},
		// SANCTION.
		{phrase: "menjatuhkan sanksi", typ: "SANCTION", mode: ""},
		{phrase: "embargo", typ: "SANCTION", mode: "embargo"},
		{phrase: "memutus hubungan diplomatik", typ: "SANCTION", mode: "diplomatic"},
		{phrase: "mengusir duta besar", typ: "SANCTION", mode: "expel"},
		// COERCE: arrests and seizures.
		{phrase: "menangkap", typ: "COERCE", mode: "arrest", weak: true},
		{phrase: "ditangkap", typ: "COERCE", mode: "arrest", weak: true},
		// "operasi tangkap tangan" (a sting) is an arrest whoever is
		// named; "diamankan" (secured) is one when a person is.
		{phrase: "menggelar operasi tangkap tangan", typ: "COERCE", mode: "arrest"},
		{phrase: "melakukan operasi tangkap tangan", typ: "COERCE", mode: "arrest"},
		{phrase: "terjaring operasi tangkap tangan", typ: "COERCE", mode: "arrest"},
		{phrase: "operasi tangkap tangan", typ: "COERCE", mode: "arrest", weak: true},
		{phrase: "diamankan", typ: "COERCE", mode: "arrest", weak: true},
		{phrase: "menahan", typ: "COERCE", mode: "arrest", weak: true},
		{phrase: "ditahan", typ: "COERCE", mode: "arrest", weak: true},
		{phrase: "menyita", typ: "COERCE", mode: "seize", weak: true},
		// ASSAULT.
		{phrase: "menyerang", typ: "ASSAULT", mode: ""},
		{phrase: "serangan udara", typ: "ASSAULT", mode: "aerial"},
		{phrase: "mengebom", typ: "ASSAULT", mode: "aerial"},
		// MOBILIZE.
		{phrase: "mengerahkan pasukan", typ: "MOBILIZE", mode: "troops"},
		{phrase: "mengerahkan", typ: "MOBILIZE", mode: ""},
		// RETREAT.
		{phrase: "menarik pasukan", typ: "RETREAT", mode: "withdraw"},
		// CONCEDE.
		{phrase: "meminta maaf", typ: "CONCEDE", mode: "apologize"},
		{phrase: "membebaskan", typ: "CONCEDE", mode: "release"},
	}
	ts = append(ts, englishTriggers...)
	// Longest first, so "menerima kunjungan" beats "kunjungan".
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && len(ts[j].phrase) > len(ts[j-1].phrase); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	return ts
}()

// englishTriggers code the same events in English reports, which
// Indonesian outlets and government sites publish beside the Indonesian
// ones (Antara English, the foreign ministry's English pages).
var englishTriggers = []trigger{
	{phrase: "bilateral meeting", typ: "CONSULT", mode: "meeting"},
	{phrase: "held a meeting", typ: "CONSULT", mode: "meeting"},
	{phrase: "held a bilateral meeting", typ: "CONSULT", mode: "meeting"},
	{phrase: "met", typ: "CONSULT", mode: "meeting"},
	{phrase: "meets", typ: "CONSULT", mode: "meeting"},
	{phrase: "meeting with", typ: "CONSULT", mode: "meeting"},
	{phrase: "talks with", typ: "CONSULT", mode: "meeting"},
	{phrase: "received", typ: "CONSULT", mode: "meeting", weak: true},
	{phrase: "hosted", typ: "CONSULT", mode: "meeting", weak: true},
	{phrase: "courtesy call", typ: "CONSULT", mode: "meeting"},
	{phrase: "paid a visit", typ: "CONSULT", mode: "visit", visit: true},
	{phrase: "working visit", typ: "CONSULT", mode: "visit", visit: true},
	{phrase: "state visit", typ: "CONSULT", mode: "visit", visit: true},
	{phrase: "official visit", typ: "CONSULT", mode: "visit", visit: true},
	{phrase: "visit to", typ: "CONSULT", mode: "visit", visit: true},
	{phrase: "visits", typ: "CONSULT", mode: "visit", visit: true},
	{phrase: "arrived in", typ: "CONSULT", mode: "visit", visit: true},
	{phrase: "telephone conversation", typ: "CONSULT", mode: "phone_call"},
	{phrase: "phone conversation", typ: "CONSULT", mode: "phone_call"},
	{phrase: "spoke by phone", typ: "CONSULT", mode: "phone_call"},
	{phrase: "spoke by telephone", typ: "CONSULT", mode: "phone_call"},
	{phrase: "video conference", typ: "CONSULT", mode: "phone_call"},
	{phrase: "sign", typ: "AGREE", mode: "signed"},
	{phrase: "signing", typ: "AGREE", mode: "signed"},
	{phrase: "agreed", typ: "AGREE", mode: "agreed"},
	{phrase: "agree", typ: "AGREE", mode: "agreed"},
	{phrase: "reached an agreement", typ: "AGREE", mode: "agreed"},
	{phrase: "handed over aid", typ: "AID", mode: "material"},
	{phrase: "humanitarian aid", typ: "AID", mode: "humanitarian"},
	{phrase: "provided assistance", typ: "AID", mode: "material"},
	{phrase: "sent aid", typ: "AID", mode: "material"},
	{phrase: "joint exercise", typ: "COOPERATE", mode: "military"},
	{phrase: "joint patrol", typ: "COOPERATE", mode: "military"},
	{phrase: "urged", typ: "REQUEST", mode: ""},
	{phrase: "called on", typ: "REQUEST", mode: ""},
	{phrase: "demanded", typ: "REQUEST", mode: "demand"},
	{phrase: "criticized", typ: "ACCUSE", mode: "disapprove"},
	{phrase: "criticised", typ: "ACCUSE", mode: "disapprove"},
	{phrase: "accused", typ: "ACCUSE", mode: "allege"},
	{phrase: "summoned the ambassador", typ: "ACCUSE", mode: "disapprove"},
	{phrase: "rejected", typ: "REJECT", mode: ""},
	{phrase: "refused", typ: "REJECT", mode: ""},
	{phrase: "protest", typ: "PROTEST", mode: "demonstrate"},
	{phrase: "protesters", typ: "PROTEST", mode: "demonstrate"},
	{phrase: "rally", typ: "PROTEST", mode: "demonstrate"},
	{phrase: "demonstration", typ: "PROTEST", mode: "demonstrate"},
	{phrase: "earthquake", typ: "DISASTER", mode: "earthquake"},
	{phrase: "quake", typ: "DISASTER", mode: "earthquake"},
	{phrase: "eruption", typ: "DISASTER", mode: "volcanic_eruption"},
	{phrase: "erupted", typ: "DISASTER", mode: "volcanic_eruption"},
	{phrase: "landslide", typ: "DISASTER", mode: "landslide"},
	{phrase: "flash flood", typ: "DISASTER", mode: "flood"},
	{phrase: "threatened", typ: "THREATEN", mode: ""},
	{phrase: "imposed sanctions", typ: "SANCTION", mode: ""},
	{phrase: "expelled", typ: "SANCTION", mode: "expel"},
	{phrase: "arrested", typ: "COERCE", mode: "arrest", weak: true},
	{phrase: "detained", typ: "COERCE", mode: "arrest", weak: true},
	{phrase: "seized", typ: "COERCE", mode: "seize", weak: true},
	{phrase: "attacked", typ: "ASSAULT", mode: ""},
	{phrase: "airstrike", typ: "ASSAULT", mode: "aerial"},
	{phrase: "deployed", typ: "MOBILIZE", mode: ""},
	{phrase: "withdrew", typ: "RETREAT", mode: "withdraw"},
	{phrase: "apologized", typ: "CONCEDE", mode: "apologize"},
	{phrase: "apologised", typ: "CONCEDE", mode: "apologize"},
}

// Status cues. A sentence that plans or hopes reports no event that
// happened yet: warta keeps it, marked, so timelines can leave it out.
var (
	plannedCues = []string{"rencana", "berencana", "akan ", "usulan", "persiapan", "dijadwalkan", "bakal", "undangan", "mengundang", "plans to", "will ", "is scheduled", "is expected to", "planned"}
	// "siap bertemu", "ingin bertemu", "terbuka untuk bertemu" say someone
	// is willing, not that it happened (Trump "siap bertemu" Rouhani).
	hopedCues = []string{"berharap", "diharapkan", "harapan", "semoga", "mudah-mudahan", "hopes",
		"siap untuk", "siap bertemu", "ingin bertemu", "ingin menemui", "terbuka untuk", "bersedia", "ready to", "willing to"}
	negCues = []string{"tidak jadi", "batal", "membatalkan", "belum"}
	// nowCues date an event at the report's own date when the sentence has
	// no date of its own ("baru saja kita tandatangani").
	nowCues = []string{"baru saja", "hari ini", "tadi", "pagi ini", "siang ini", "malam ini", "today", "this morning", "on tuesday", "on monday", "on wednesday", "on thursday", "on friday", "on saturday", "on sunday"}
	// disasterCues tell a disaster as it happens, not as a cause named in
	// passing.
	disasterCues = []string{"mengguncang", "diguncang", "terjadi", "melanda", "dilanda", "berkekuatan", "bermagnitudo",
		"magnitudo", "meletus", "erupsi", "menerjang", "diterjang", "menimbun", "mengeluarkan", "memuntahkan", "meluncur",
		"struck", "hit"}
	// thenCues point back at the date just told: "Saat itu, Rusia
	// mengirimkan bantuan".
	thenCues = []string{"saat itu", "ketika itu", "kala itu", "waktu itu", "pada kesempatan itu", "at the time"}
	// pastCues mark a sentence that recalls an earlier, undated happening;
	// it does not take the date of the news around it.
	// So does one anchored to another happening rather than to the
	// calendar: "pada tahap awal wabah Covid-19".
	pastCues = []string{"sebelumnya", "pernah", "sempat", "silam", "dulu", "terakhir kali", "previously", "earlier",
		"tahap awal", "awal wabah", "awal pandemi", "masa pandemi", "saat pandemi", "ketika pandemi", "selama pandemi"}
	// topicCues open the clause that names what was discussed or agreed.
	topicCues = []string{"membahas", "dibahas", "di bidang", "bidang", "sektor", "tentang", "terkait", "mengenai", "soal"}
)

// sectors are the topic words warta recognizes in a topic clause.
var sectors = []string{"kesehatan", "perdagangan", "investasi", "pendidikan", "keamanan", "energi", "migas",
	"pertahanan", "ekonomi", "pariwisata", "pandemi", "vaksin", "infrastruktur", "transportasi", "pangan",
	"pertanian", "perikanan", "maritim", "teknologi", "digital", "kebudayaan", "iklim", "lingkungan", "terorisme",
	"narkoba", "perbatasan", "industri", "keuangan", "ilmu pengetahuan", "telekomunikasi", "otomotif",
	"penerbangan", "halal", "kemanusiaan", "imigrasi", "ketenagakerjaan", "health", "trade", "investment",
	"education", "security", "defence", "defense", "energy", "tourism"}

// Cues match at word starts: "akan " is in "akan datang", not in
// "mengadakan pertemuan". A cue's own trailing space asks for a word end.
func hasAny(s string, cues []string) bool {
	for _, c := range cues {
		for off := 0; ; {
			i := strings.Index(s[off:], c)
			if i < 0 {
				break
			}
			i += off
			if i == 0 || !isWordByte(s, i-1, true) || !isWordByte(s, i, false) {
				return true
			}
			off = i + 1
		}
	}
	return false
}
