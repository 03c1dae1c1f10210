package export

// iso3 maps the knowledge file's country IDs to ISO 3166-1 alpha-3 codes,
// the country codes PLOVER and GDELT records carry.
var iso3 = map[string]string{
	"loc:indonesia": "IDN", "loc:rusia": "RUS", "loc:amerika-serikat": "USA", "loc:tiongkok": "CHN",
	"loc:jepang": "JPN", "loc:korea-selatan": "KOR", "loc:korea-utara": "PRK", "loc:india": "IND",
	"loc:australia": "AUS", "loc:selandia-baru": "NZL", "loc:malaysia": "MYS", "loc:singapura": "SGP",
	"loc:thailand": "THA", "loc:filipina": "PHL", "loc:vietnam": "VNM", "loc:myanmar": "MMR",
	"loc:kamboja": "KHM", "loc:laos": "LAO", "loc:brunei": "BRN", "loc:timor-leste": "TLS",
	"loc:papua-nugini": "PNG", "loc:inggris": "GBR", "loc:prancis": "FRA", "loc:jerman": "DEU",
	"loc:belanda": "NLD", "loc:italia": "ITA", "loc:spanyol": "ESP", "loc:ukraina": "UKR",
	"loc:turki": "TUR", "loc:arab-saudi": "SAU", "loc:iran": "IRN", "loc:irak": "IRQ",
	"loc:israel": "ISR", "loc:palestina": "PSE", "loc:mesir": "EGY", "loc:uni-emirat-arab": "ARE",
	"loc:qatar": "QAT", "loc:pakistan": "PAK", "loc:afghanistan": "AFG", "loc:bangladesh": "BGD",
	"loc:nigeria": "NGA", "loc:afrika-selatan": "ZAF", "loc:brasil": "BRA", "loc:kanada": "CAN",
	"loc:meksiko": "MEX", "loc:suriah": "SYR", "loc:yordania": "JOR", "loc:swiss": "CHE",
	"loc:swedia": "SWE", "loc:norwegia": "NOR", "loc:polandia": "POL",
}
