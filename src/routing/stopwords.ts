/**
 * Words that carry no routing signal: English function words and the filler
 * of everyday requests ("please help me with…", "can you take a look at…"),
 * including when-and-how-much words ("last night", "every single time",
 * "the whole thing", "properly") that otherwise match an agent's prose by chance.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above across after again against all almost also although always am among an and another any anybody anyone anything
are around as ask asked at away back be became because become been before being below best better between both bring but by
can cannot could did do does doing done down during each either else enough etc even ever every everyone everything
few find for from further get gets getting give given go goes going gone got gotta had has have having he hello help helps
her here hers hey hi him his how however i if in instead into is it its itself just keep kind know let lets like likely
look looking lot lots made make makes making many may maybe me might mine more most much must my myself need needs
needed new next no nobody none nor not nothing now of off often ok okay on once one only onto or other others otherwise
our ours ourselves out over own please pretty quick quickly quite rather really right same say says see seem seems
should show since so some somebody someone something sometimes somewhat soon sort still stuff such sure take takes
tell than thank thanks that the their theirs them themselves then there these they thing things think this those though
through thru to today too try trying two under until up upon us use used using very via want wanted wants was way we
well were what whatever when where whether which while who whom whose why will with within without would yet you your
yours yourself guy guys folks team person anybody somebody someone expert specialist pro agent assistant work working
stuff tomorrow week asap hoping wonder wondering figure figuring actually basically currently already able
yesterday tonight night nights morning mornings evening afternoon day days hour hours minute minutes weeks ago last lately
recently suddenly randomly constantly deliberately honestly properly exactly literally totally completely entirely fully
simply whole entire single ever super tiny little big huge bit half somehow anyway inside halfway
three four five six seven eight nine ten twenty fifty hundred hundreds thousand thousands million millions dozen dozens
monday tuesday wednesday thursday friday saturday sunday weekend
somewhere anywhere everywhere nowhere worried worry concerned pile piles bunch ton tons
come comes coming put puts wait waiting pick picked turn turns stay happen happens happening gives giving knows suggest suggests suggestion suggestions
keeps kept tries tried took taken says said looks looked wanting gotten works worked shows showed showing uses tells told`.split(/\s+/),
);
