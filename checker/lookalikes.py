"""What looks like a figure in prose but is not one, or not on its own: the scanner's tables.

Page numbers, times, codes (Covid-19, G7, 5G), names (Radio 4, Euro 2024), addresses,
ordinals, "one" as a pronoun, "over" that belongs to a verb. The scanner in figures.py
decides with these word lists; how it uses each one stays there.
"""

# A number after one of these is a label, not an amount: "page 4", "junctions 32 and 33".
LABEL_WORDS = frozenset("""
    page pages p pp section sections article articles chapter chapters clause clauses paragraph
    figure fig table appendix annex schedule route flight room platform platforms gate gates
    junction junctions terminal exit lane bay ward bus tier level category grade stage phase
    season series episode volume vol issue part number no nos channel radio version psalm verse
    rule regulation amendment highway interstate apollo windows top
""".split())
TIME_WORDS = frozenset("am pm gmt bst utc cet cest est edt pst pdt hrs".split())
# Letters written straight after a number that make it a measurement, not a code ("5G").
GLUED_UNITS = frozenset("""
    mph kph kmh km kg g mg mm cm m ml l ft mi kwh mwh gwh twh kw mw gw ha lb lbs t p oz C F
    kWh MWh GWh TWh kW MW GW
""".split())
ORDINAL_ENDINGS = frozenset(("st", "nd", "rd", "th"))
# A lower-case word before "-2025" that makes it a date ("mid-2025"), not a code ("Covid-19").
DATE_PREFIXES = frozenset(("mid", "pre", "post", "early", "late"))
STREET_WORDS = frozenset("""
    road street st avenue ave lane drive way place square close crescent terrace gardens court
    row boulevard
""".split())
# Capitalised only because they open a sentence: "In 2022", "Only 12". Any other capitalised
# word straight before a number names something: "Euro 2024", "Section 71", "Radio 4".
SENTENCE_OPENERS = frozenset("""
    in since by until till from for with at of after before during to on as than between within
    about around over under nearly almost only just some all another the a an and but or so then
    now when while where these those this that its their his her our my your up down exactly
    precisely barely fully still already even every each both more fewer less roughly
    approximately including
""".split())
# "the 2022 World Cup": a year between one of these and a capitalised word names an event.
YEAR_NAME_BEFORE = frozenset(("the", "a", "an", "its", "their", "his", "her", "this", "our"))
# A month name alone is a date after one of these ("in March"); otherwise it needs a day or year.
MONTH_CUES = frozenset("""
    in since until till by from to last next this early late mid of before after during through
    throughout within and or -
""".split())
# "one" is a pronoun here: "one of the largest", "no one", "one another".
ONE_NOT_AFTER = frozenset("no any every each the this that which such another someone little".split())
ONE_NOT_BEFORE = frozenset("""
    of another day point way thing time hand side who that which s must can could would should
    might may will
""".split())
# "handed over 175 prisoners": "over" belongs to the verb, not to the figure.
PHRASAL_VERBS = frozenset("""
    hand handed hands handing turn turned turns turning take took taken takes taking sign signed
    pass passed carry carried hold held
""".split())
# "the two sides", "the two countries": a reference back to things already named, not a count.
REFERENCE_BEFORE = frozenset(("the", "both", "these", "those"))
# "five-year-olds", "10-year gilts": a number naming a class of things, not an amount.
CLASS_AFTER_YEAR = frozenset("gilt gilts bond bonds treasury treasuries yield yields note notes".split())
DURATION_WORDS = frozenset("second minute hour day week month year mile metre kilometre".split())
FRACTIONS = frozenset("half third thirds quarter quarters fifth fifths tenth tenths".split())
# Vague words too common in prose to flag alone ("a few weeks", "several times"); they still
# take part in longer phrases ("several hundred").
NOT_ALONE = frozenset(("a few", "a handful", "several"))
NEEDS_OF = frozenset(("scores",))  # "scores of people", not "the team scores"
FLAGGED_RELATIVE = frozenset(("yesterday", "tomorrow"))  # "today", "last year": turns of phrase
# A measure written onto its word with a hyphen is a figure, not a code like Covid-19.
MEASURE_PREFIXES = frozenset(("magnitude", "force", "grade", "richter"))
# "50 hostages over four days", "jailed for six years over £3.4m fraud": after these, "over"
# means during or because of, not more than.
OVER_AFTER = frozenset("""
    hostages prisoners people years months weeks days hours decades jailed sentenced fined
    charged convicted arrested
""".split())
# "picking up to 1.4 per cent": "up to" belongs to the verb; the figure is a level, not a bound.
PHRASAL_UP = frozenset("""
    pick picks picked picking speed speeds sped speeding ramp ramps ramped ramping step steps
    stepped stepping move moves moved moving go goes going went gone climb climbs climbed
    climbing creep creeps crept creeping tick ticks ticked ticking edge edges edged edging
    rise rises rose rising jump jumps jumped jumping shoot shoots shot shooting bounce bounced
    bouncing revise revised revising
""".split())
# A four-digit number before these is an amount, not a year: "2000 more than on Monday".
NOT_YEAR_BEFORE = frozenset("more fewer less extra additional people times".split())
# Words for shares and scores that make "points" percentage points: "down 20 points" in a
# sentence about turnout; "three points behind" in a league table stays a count.
POINT_CONTEXT = frozenset("""
    % percent per cent turnout share poll polls polling rate rates approval support majority
    swing vote votes lead
""".split())
# What a number right after a capitalised word counts, when it is a count and not a name.
COUNTED_NOUNS = frozenset("""
    people prisoners hostages soldiers troops civilians detainees captives refugees migrants
    workers patients children adults women men residents voters fans passengers deaths dead
    injured victims casualties families homes houses buildings seats votes
""".split())
