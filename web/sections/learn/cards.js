// The words of section #learn: for each kind of head, what trained models do
// (with the studies that found it) and how the constructed head's weights
// produce the same pattern. `head` is the index in CONSTRUCTED_HEADS.

/**
 * @type {{ head: number, title: string, research: string[],
 *   how: string, chips?: "tag" | "sense" }[]}
 */
export const LEARN_CARDS = [
  {
    head: 0,
    title: "Positional: nearby words",
    research: [
      "Many heads in trained Transformers care about where a token sits more than about what it says. Voita et al. (2019) found heads in translation encoders that almost always point at a neighbouring token, and those heads were among the last to survive when they pruned heads away. In BERT, Clark et al. (2019) saw heads in the lower layers that spread their attention broadly over the surrounding words.",
    ],
    how: "Query and key both copy three sine/cosine pairs of the position encoding. The dot product of two such copies is a sum of cosines of (i − j) times each frequency: largest when i = j and smaller with distance, so the softmax draws a soft band along the diagonal.",
  },
  {
    head: 1,
    title: "Positional: the previous token",
    research: [
      "A sharper positional pattern looks exactly one step back (or one step ahead). Clark et al. (2019) found BERT heads that put most of their weight on the previous or the next token. In GPT-style models, a previous-token head is half of an induction head, the circuit that lets a model continue a pattern it has already seen in the text (Olsson et al., 2022).",
    ],
    how: "The key reads the position encoding as it is; the query reads it turned back by one step (a small rotation for each sine/cosine pair). Token i's turned query looks like the encoding of position i − 1, so it matches the key of the token before it best. The first token has nothing before it, so its row lands wherever the turned encoding fits least badly.",
  },
  {
    head: 3,
    title: "Syntactic: grammar from tags",
    chips: "tag",
    research: [
      "Some heads follow grammar. Clark et al. (2019) found single BERT heads that link determiners to their nouns, direct objects to their verbs and possessive words to what they own, far more accurately than a rule that just points at a nearby word; no one head covers all of syntax, though. Voita et al. (2019) found heads in translation models that track subjects, objects and adjective–noun pairs. Nobody labels grammar in the training text: these heads appear because following it helps the model predict words.",
    ],
    how: "The key is the token's tag as a one-hot vector; the query holds, for each tag, large weights on the tags it wants (determiner or adjective → noun, verb → noun or pronoun, noun or pronoun → verb). Another part of query and key reads one sine/cosine pair of the position and adds a bonus for being close, so the nearest match wins. That bonus ignores direction: a determiner halfway between two nouns splits its attention. The tags under the tokens come from the compromise tagger, running in your browser.",
  },
  {
    head: 4,
    title: "Semantic: related meanings",
    chips: "sense",
    research: [
      "Heads that connect words by meaning are harder to pin down than syntax heads. Clark et al. (2019) found a BERT head that resolves coreference fairly well: a mention such as “she” or “the company” attends to the earlier words that name the same thing. Other heads link related words, like a city and its country, but their patterns are fuzzier and change with context.",
    ],
    how: "Each word with a known WordNet meaning class (animal, place, person, motion verb, …) gets a fixed random vector for that class, and query and key both read it, so two words of the same class score high together. A word with no class (“the”, “near”) has zeros there: all its scores are equal and the softmax spreads its attention evenly. The classes under the tokens come from a WordNet word list shipped with the page.",
  },
  {
    head: 2,
    title: "Copy / identity: the same word",
    research: [
      "Some heads mostly attend to the token itself, a bright diagonal that keeps a token's own information in view; Kovaleva et al. (2019) list it among the usual patterns in BERT. Related heads look for earlier copies of the current word: the duplicate-token heads in GPT-2's indirect-object circuit (Wang et al., 2022) and, one step further, induction heads that copy whatever followed the word last time (Olsson et al., 2022).",
    ],
    how: "Every word gets a fixed random unit vector, the same for each occurrence whatever its case. Query and key both read it and the query scales it up, so a word matches itself and its repeats strongly. Two different words' random vectors are not exactly at right angles, so now and then an unrelated word gets a share too.",
  },
  {
    head: 5,
    title: "Weird: the attention sink",
    research: [
      "Some heads fit no linguistic label. A well-known odd pattern parks most of the attention on a token that means little: BERT's separator token and full stops (Clark et al., 2019), or the very first token in GPT-style models. Xiao et al. (2023) call this an attention sink. A softmax row must add up to 100%, so a head with nothing useful to fetch still has to put its weight somewhere, and the first token becomes the place to dump it; drop that token from a long-text model's memory and its output falls apart. Other strange heads have no explanation yet, even though switching them off makes a model worse.",
    ],
    how: "Every query carries the constant feature, and the key reads the “is first” and “is punctuation” flags, so those tokens score high for every query whatever the words are. Its value weights are all zero, so the head adds nothing to the output: a no-op, as sink heads often are. (With many tokens and no punctuation, the ordinary tokens together start to win back some weight.)",
  },
];
