package querytest

import "github.com/warta-news/warta"

// Case is one name and the entity it must resolve to: Want is the entity
// ID, Ambiguous whether other entities match as well; Code is the error
// code when the name must not resolve (Want is then "").
type Case struct {
	Query     string
	Want      string
	Ambiguous bool
	Code      string
}

// Cases are the names every surface must resolve alike: IDs, canonical
// names, aliases, nicknames, abbreviations, wrong case, missing
// diacritics, near spellings, words of a name, ambiguous names, and names
// that mean nothing.
var Cases = []Case{
	// IDs, in any case, of the knowledge file and of entities only
	// articles name.
	{Query: "per:joko-widodo", Want: "per:joko-widodo"},
	{Query: "PER:JOKO-WIDODO", Want: "per:joko-widodo"},
	{Query: "per:retno-marsudi", Want: "per:retno-marsudi"},
	{Query: "org:kpk", Want: "org:kpk"},
	{Query: "loc:rusia", Want: "loc:rusia"},
	{Query: "x:person:thareq-kemal-habibie", Want: "x:person:thareq-kemal-habibie"},
	{Query: "x:person:budi-santoso", Want: "x:person:budi-santoso"},
	// Canonical names, any case.
	{Query: "Joko Widodo", Want: "per:joko-widodo"},
	{Query: "joko widodo", Want: "per:joko-widodo"},
	{Query: "JOKO WIDODO", Want: "per:joko-widodo"},
	{Query: "Retno Marsudi", Want: "per:retno-marsudi"},
	{Query: "Sergey Lavrov", Want: "per:sergey-lavrov"},
	{Query: "B.J. Habibie", Want: "per:bj-habibie"},
	{Query: "Komisi Pemberantasan Korupsi", Want: "org:kpk"},
	{Query: "komisi pemberantasan korupsi", Want: "org:kpk"},
	{Query: "Susilo Bambang Yudhoyono", Want: "per:susilo-bambang-yudhoyono"},
	{Query: "Perserikatan Bangsa-Bangsa", Want: "org:pbb"},
	{Query: "Amerika Serikat", Want: "loc:amerika-serikat"},
	// Names only articles give.
	{Query: "Thareq Kemal Habibie", Want: "x:person:thareq-kemal-habibie"},
	{Query: "budi santoso", Want: "x:person:budi-santoso"},
	{Query: "Joko Anwar", Want: "x:person:joko-anwar"},
	// Aliases and nicknames: the knowledge file's entity, never the stray
	// x:person:jokowi an older store holds.
	{Query: "Jokowi", Want: "per:joko-widodo"},
	{Query: "jokowi", Want: "per:joko-widodo"},
	{Query: "JOKOWI", Want: "per:joko-widodo"},
	{Query: "Presiden Jokowi", Want: "per:joko-widodo"},
	{Query: "  jokowi  ", Want: "per:joko-widodo"},
	{Query: "Retno", Want: "per:retno-marsudi"},
	{Query: "Lavrov", Want: "per:sergey-lavrov"},
	{Query: "Sergei Lavrov", Want: "per:sergey-lavrov"},
	{Query: "bj habibie", Want: "per:bj-habibie"},
	{Query: "Habibie", Want: "per:bj-habibie"},
	{Query: "Kalla", Want: "per:jusuf-kalla"},
	{Query: "Cak Imin", Want: "per:muhaimin-iskandar"},
	{Query: "Bamsoet", Want: "per:bambang-soesatyo"},
	{Query: "Bongbong Marcos", Want: "per:ferdinand-marcos-jr"},
	{Query: "Prabowo", Want: "per:prabowo-subianto"},
	{Query: "Anwar", Want: "per:anwar-ibrahim"},
	{Query: "Paman Sam", Want: "loc:amerika-serikat"},
	{Query: "Tanah Air", Want: "loc:indonesia"},
	// Abbreviations.
	{Query: "KPK", Want: "org:kpk"},
	{Query: "kpk", Want: "org:kpk"},
	{Query: "SBY", Want: "per:susilo-bambang-yudhoyono"},
	{Query: "sby", Want: "per:susilo-bambang-yudhoyono"},
	{Query: "JK", Want: "per:jusuf-kalla"},
	{Query: "PBB", Want: "org:pbb"},
	{Query: "WHO", Want: "org:who"},
	{Query: "ASEAN", Want: "org:asean"},
	{Query: "RRT", Want: "loc:tiongkok"},
	{Query: "Kemenlu", Want: "org:kemenlu-ri"},
	// Diacritics and punctuation, present or missing.
	{Query: "Erdogan", Want: "per:recep-tayyip-erdogan"},
	{Query: "Erdoğan", Want: "per:recep-tayyip-erdogan"},
	{Query: "Mevlut Cavusoglu", Want: "per:mevlut-cavusoglu"},
	{Query: "Çavuşoğlu", Want: "per:mevlut-cavusoglu"},
	{Query: "cavusoglu", Want: "per:mevlut-cavusoglu"},
	{Query: "Ma'ruf Amin", Want: "per:maruf-amin"},
	{Query: "Ma’ruf Amin", Want: "per:maruf-amin"},
	{Query: "maruf amin", Want: "per:maruf-amin"},
	{Query: "Antonio Guterres", Want: "per:antonio-guterres"},
	{Query: "amir abdollahian", Want: "per:hossein-amir-abdollahian"},
	// Near spellings.
	{Query: "Luhut Binsar Panjaitan", Want: "per:luhut-binsar-pandjaitan"},
	{Query: "Jokowie", Want: "per:joko-widodo"},
	{Query: "Sergey Lavrof", Want: "per:sergey-lavrov"},
	{Query: "Zelenski", Want: "per:volodymyr-zelensky"},
	// A word of a name.
	{Query: "widodo", Want: "per:joko-widodo"},
	{Query: "Marsudi", Want: "per:retno-marsudi"},
	{Query: "yudhoyono", Want: "per:susilo-bambang-yudhoyono"},
	{Query: "Pemberantasan Korupsi", Want: "org:kpk"},
	// Ambiguous: the best is chosen and the others listed.
	{Query: "santoso", Want: "x:person:andi-santoso", Ambiguous: true},
	{Query: "Wong", Want: "per:lawrence-wong", Ambiguous: true},
	{Query: "Bambang", Want: "per:bambang-soesatyo", Ambiguous: true},
	{Query: "Li", Want: "per:li-keqiang", Ambiguous: true},
	// Nothing.
	{Query: "Nobody Here", Code: warta.ENOTFOUND},
	{Query: "", Code: warta.EINVALID},
	{Query: "!!!", Code: warta.EINVALID},
}
