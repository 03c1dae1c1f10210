package event

import (
	"strings"
	"unicode/utf8"

	"github.com/warta-news/warta"
)

// Types beyond PLOVER's: happenings an analyst follows that PLOVER, which
// codes what political actors do to each other, does not. Each is
// documented in docs/understanding.md.
const (
	TypeDisaster      = "DISASTER"      // earthquake, flood, landslide, eruption, forest fire and haze
	TypeAccident      = "ACCIDENT"      // crash, fire in a building, collapse, drowning
	TypeDeath         = "DEATH"         // a notable person dies; funeral and mourning
	TypeLegislate     = "LEGISLATE"     // a law or regulation adopted, an official appointed or elected by a state body
	TypeLegal         = "LEGAL"         // court hearing, trial, verdict, indictment, lawsuit
	TypeElection      = "ELECTION"      // voting, results, candidacies, campaigns
	TypeEconomy       = "ECONOMY"       // markets, prices, company results, economic data
	TypeSport         = "SPORT"         // a match, a result, a competition, a transfer
	TypeEntertainment = "ENTERTAINMENT" // celebrities, films, music, shows
	TypeStatement     = "STATEMENT"     // a statement, interview or announcement none of PLOVER's verbal types fits
	TypeOther         = "OTHER"         // any other happening
)

// typeCues are words that tell a happening's kind, matched at word starts
// in the headline (weighing most) and the lead. PLOVER's kinds have cues
// here too, for the headline's verb ("Tolak", "Kritik", "Jenguk"), beside
// the sentence-level coding of the trigger lexicon.
var typeCues = map[string][]string{
	TypeDisaster: {"gempa", "gempabumi", "banjir", "longsor", "erupsi", "gunung meletus", "tsunami", "kebakaran hutan", "karhutla",
		"kabut asap", "titik panas", "hotspot", "kekeringan", "puting beliung", "abu vulkanik", "earthquake", "flood",
		"landslide", "eruption", "haze", "forest fire", "drought"},
	TypeAccident: {"kecelakaan", "tabrakan", "bertabrakan", "menabrak", "ditabrak", "terbalik", "tenggelam", "terbakar",
		"kebakaran", "ambruk", "roboh", "tersengat", "karam", "tergelincir", "crash", "accident", "collision", "capsized"},
	TypeDeath: {"meninggal dunia", "meninggal", "wafat", "tutup usia", "berpulang", "jenazah", "pemakaman", "dimakamkan",
		"takziah", "salat jenazah", "belasungkawa", "berduka", "tmp kalibata", "passed away", "funeral",
		"died", "condolence"},
	TypeLegislate: {"mengesahkan", "disahkan", "sahkan", "pengesahan", "rapat paripurna", "paripurna", "perppu",
		"perpres", "diteken", "terbitkan", "menerbitkan", "dilantik", "pelantikan", "melantik", "fit and proper",
		"uji kelayakan", "terpilih sebagai", "terpilih jadi", "menetapkan", "ditetapkan", "passed", "regulation",
		"inaugurat", "sworn in"},
	TypeLegal: {"sidang", "persidangan", "vonis", "divonis", "dituntut", "tuntutan", "dakwaan", "didakwa", "terdakwa",
		"hakim", "pengadilan", "putusan", "kasasi", "banding", "praperadilan", "gugatan", "menggugat", "digugat",
		"uji materi", "judicial review", "trial", "verdict", "sentenced", "court"},
	TypeElection: {"pilkada", "pemilu", "pilpres", "pileg", "pilkades", "pilwalkot", "pilbup", "kpu", "bawaslu", "caleg",
		"capres", "cawapres", "kampanye", "rekapitulasi", "quick count", "hitung cepat", "pencoblosan", "bakal calon",
		"mendaftar", "pendaftaran", "election", "ballot", "polls"},
	TypeEconomy: {"ihsg", "rupiah", "saham", "bursa", "inflasi", "ekspor", "impor", "neraca", "laba", "pendapatan",
		"suku bunga", "pertumbuhan ekonomi", "apbn", "dolar", "emiten", "obligasi", "harga emas", "harga minyak",
		"harga cabai", "harga beras", "menguat", "melemah", "stocks", "inflation", "exports", "prices"},
	TypeSport: {"gol", "pertandingan", "laga", "imbang", "skor", "liga", "klub", "pelatih", "timnas", "juara", "turnamen",
		"piala", "final", "semifinal", "perempat final", "motogp", "bulu tangkis", "badminton", "sepak bola",
		"atlet", "atletik", "medali", "sea games", "asian games", "striker", "kiper", "match", "goal", "league",
		"tournament", "coach", "menang atas", "kalahkan", "tumbangkan", "bungkam", "taklukkan"},
	TypeEntertainment: {"artis", "aktris", "aktor", "penyanyi", "selebriti", "seleb", "film", "konser", "album", "lagu",
		"sinetron", "drama", "k-pop", "idol", "unggahan", "mengunggah", "instagram", "youtube", "youtuber", "selebgram", "boyband",
		"girlband", "personel", "netizen", "warganet", "kekasih", "pacar", "menikah", "pernikahan",
		"cerai", "hamil", "lamaran", "singer", "actor", "actress", "concert", "movie"},
	"CONSULT": {"jenguk", "menjenguk", "dijenguk", "besuk", "membesuk", "melayat", "sambangi", "menyambangi",
		"disambangi", "kunjungi", "mengunjungi", "temui", "menemui", "bertemu", "pertemuan", "berkunjung",
		"kunjungan", "hadiri", "menghadiri", "tinjau", "meninjau", "terima", "menerima", "audiensi", "met", "visit"},
	"COERCE": {"tersangka", "tangkap", "ditangkap", "menangkap", "ditahan", "menahan", "ott", "tangkap tangan",
		"geledah", "menggeledah", "digeledah", "sita", "menyita", "disita", "cekal", "dicekal", "diperiksa",
		"periksa", "memeriksa", "panggil", "dipanggil", "tilang", "ditilang", "razia", "arrested", "detained"},
	"PROTEST": {"demo", "demonstrasi", "unjuk rasa", "aksi", "berdemo", "berdemonstrasi", "demonstran", "orasi", "mogok", "long march",
		"protest"},
	"ACCUSE": {"kritik", "mengkritik", "dikritik", "kecam", "mengecam", "sindir", "menyindir", "tuding", "menuding",
		"tuduh", "menuduh", "sesalkan", "menyesalkan", "polisikan", "laporkan", "melaporkan", "dilaporkan", "semprot",
		"criticize", "accuse", "condemn"},
	"REJECT": {"tolak", "menolak", "ditolak", "bantah", "membantah", "dibantah", "tak setuju", "tidak setuju", "hoaks",
		"reject", "deny", "denied"},
	"SUPPORT": {"dukung", "mendukung", "dukungan", "apresiasi", "mengapresiasi", "puji", "memuji", "bela", "membela",
		"hormati", "menghormati", "setuju", "support", "praise"},
	"REQUEST": {"minta", "meminta", "diminta", "desak", "mendesak", "imbau", "mengimbau", "usul", "mengusulkan", "ajak",
		"mengajak", "berharap", "harap", "urge", "ask"},
	"THREATEN": {"ancam", "mengancam", "ancaman", "ultimatum", "threaten"},
	"AID":      {"bantuan", "menyerahkan bantuan", "salurkan", "menyalurkan", "sumbang", "menyumbang", "donasi", "aid"},
	"MOBILIZE": {"kerahkan", "mengerahkan", "dikerahkan", "terjunkan", "diterjunkan", "menerjunkan", "siagakan",
		"disiagakan", "deploy"},
	"RETREAT":  {"mundur", "mengundurkan diri", "undur diri", "resign", "withdraw"},
	"CONCEDE":  {"minta maaf", "meminta maaf", "permintaan maaf", "ditiadakan", "dicabut", "mencabut", "dibatalkan", "apologize"},
	"AGREE":    {"sepakat", "menyepakati", "kesepakatan", "teken", "meneken", "tandatangani", "menandatangani", "mou", "agree", "signed"},
	"SANCTION": {"sanksi", "pecat", "dipecat", "memecat", "copot", "dicopot", "mencopot", "skors", "diskors", "sanction"},
}

// sectionCues are URL path words that tell an article's section.
var sectionCues = map[string][]string{
	TypeSport:         {"bola", "sport", "sports", "olahraga", "superskor", "sepakbola", "motogp", "badminton", "football", "soccer"},
	TypeEntertainment: {"celebrity", "seleb", "showbiz", "entertainment", "musik", "film", "hiburan", "korea", "kpop", "artis"},
	TypeEconomy:       {"ekonomi", "bisnis", "finance", "money", "ekbis", "market", "keuangan"},
}

// headSpeech are headline verbs of saying.
var headSpeech = []string{" sebut ", " ungkap ", " akui ", " nilai ", " menilai ", " klaim ", " tegaskan ", " jelaskan ",
	" buka suara", " angkat bicara", " bicara ", " berbicara ", " cerita ", " curhat ", " komentari ", " tanggapi ",
	" menanggapi ", " respons ", " jawab ", " menjawab ", " pastikan ", " memastikan ", " beberkan ", " kata ", " ujar ", " says ", " said "}

// speechCues in the lead make a happening a statement when nothing else
// tells its kind.
var speechCues = []string{"mengatakan", "kata ", "ujar", "menurut", "menyatakan", "menegaskan", "mengungkapkan",
	"menjelaskan", "menyebut", "said", "told", "according to"}

// Classify tells the kind of the article's main happening, and which of
// its coded events (evs) the lead tells, -1 when none: the lead's coded
// event decides when the headline and section do not point elsewhere;
// else the kind whose cues the headline, lead and section name most; else
// a statement when the lead reports speech, else OTHER.
func Classify(a *warta.Article, evs []warta.Event, opt Options) (string, int) {
	score, lead := TypeScores(a, evs)
	best, bestScore := "", 0.0
	for _, typ := range sortedKeys(score) {
		if s := score[typ]; s > bestScore {
			best, bestScore = typ, s
		}
	}
	return best, lead
}

// urlSpaces turns a URL's separators into spaces (built once: a Replacer
// builds its table on first use).
var urlSpaces = strings.NewReplacer("/", " ", "-", " ", ".", " ", "_", " ")

// TypeScores weighs the kinds an article's main happening may be of (see
// Classify), and tells which coded event the lead tells (-1 for none). An
// event's kind is decided over all its reports (DecideType): one report
// headlines what the minister said at a meeting, the next says he met.
func TypeScores(a *warta.Article, evs []warta.Event) (map[string]float64, int) {
	lead := leadEvent(a, evs)

	head := " " + asciiLower(a.Kicker+" "+a.Title) + " "
	body := ""
	for i := 0; i <= leadParagraph(a) && i < len(a.Paragraphs); i++ {
		body += " " + a.Paragraphs[i]
	}
	body = " " + asciiLower(stripLeadDateline(body)) + " "
	url := " " + urlSpaces.Replace(strings.ToLower(a.URL)) + " "
	score := map[string]float64{}
	for typ, cues := range typeCues {
		for _, c := range cues {
			if hasWordStart(head, c) {
				score[typ] += 2
			}
			if hasWordStart(body, c) {
				score[typ]++
			}
		}
	}
	for typ, cues := range sectionCues {
		for _, c := range cues {
			if strings.Contains(url, " "+c+" ") {
				score[typ] += 3
			}
		}
	}
	if lead >= 0 {
		score[evs[lead].Type] += 3
	}
	// A headline that gives someone the floor ("Laode: Penindakan KPK Akan
	// Lumpuh") reports what was said; so does one whose verb is a verb of
	// saying. The topic's cues (a law, the economy) then say what it was
	// about, not what happened.
	if strings.Contains(a.Title, ":") || hasAny(head, headSpeech) {
		score[TypeStatement] += 3
	}
	if len(score) == 0 {
		if hasAny(body, speechCues) {
			score[TypeStatement] = 1
		} else {
			score[TypeOther] = 1
		}
	}
	return score, lead
}

// DecideType is the kind of a happening from the summed, per-report
// normalized scores of its reports: what was done when a fair share of the
// reports say so, since what was said is reported from the occasion where
// it was said; else the kind with most weight. The economy is a topic, not
// a deed: a minister's statement about the rupiah stays a statement
// (ECONOMY is for data released, prices and markets moving).
func DecideType(sum map[string]float64) string {
	best, bestScore := "", 0.0
	act, actScore := "", 0.0
	for _, typ := range sortedKeys(sum) {
		s := sum[typ]
		if s > bestScore {
			best, bestScore = typ, s
		}
		if typ != TypeStatement && typ != TypeOther && typ != TypeEconomy && s > actScore {
			act, actScore = typ, s
		}
	}
	if act != "" && actScore >= 0.5*bestScore {
		return act
	}
	return best
}

// cueSuffixes are the endings an inflected cue may carry: "kecaman",
// "tudingannya", "dukunglah", "protests". Anything else makes another word
// that merely starts with the cue: "kecamatan" (kecam), "golkar" (gol),
// "demokrasi" (demo), "belakang" (bela), "metro" (met), "ottawa" (ott).
var cueSuffixes = map[string]bool{"": true, "nya": true, "an": true, "annya": true, "i": true, "kan": true,
	"kannya": true, "lah": true, "kah": true, "pun": true, "ku": true, "mu": true, "s": true}

// cueNotSuffixes are endings that change a cue's meaning: "meninggalkan"
// is to leave, "melemahkan KPK" to weaken it, "pelatihan" a training,
// "bandingkan" to compare, "aids" a disease.
var cueNotSuffixes = map[string]map[string]bool{
	"meninggal": {"kan": true, "kannya": true}, "melemah": {"kan": true, "kannya": true},
	"menguat": {"kan": true, "kannya": true}, "pelatih": {"an": true, "annya": true},
	"banding": {"kan": true, "kannya": true}, "aid": {"s": true}, "ask": {"s": true},
}

// cueNotPhrases are phrases that start with a cue and mean something else:
// thanks, a screenshot.
var cueNotPhrases = []string{"terima kasih", "tangkapan layar"}

// hasWordStart tells whether cue occurs in s at the start of a word, as
// the word itself or inflected (cueSuffixes).
func hasWordStart(s, cue string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], cue)
		if j < 0 {
			return false
		}
		j += i
		i = j + 1
		if j > 0 && isWordByte(s, j-1, true) {
			continue
		}
		end := j + len(cue)
		for end < len(s) && isWordByte(s, end, false) {
			_, n := utf8.DecodeRuneInString(s[end:])
			end += n
		}
		rest := s[j+len(cue) : end]
		if !cueSuffixes[rest] || cueNotSuffixes[cue][rest] {
			continue
		}
		other := false
		for _, p := range cueNotPhrases {
			if strings.HasPrefix(s[j:], p) && strings.HasPrefix(p, cue) {
				other = true
			}
		}
		if !other {
			return true
		}
	}
}

func stripLeadDateline(s string) string {
	for _, sep := range []string{" - ", " -- ", " — ", " – "} {
		if i := strings.Index(s, sep); i >= 0 && i < 60 {
			return s[i+len(sep):]
		}
	}
	return s
}

func sortedKeys(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
