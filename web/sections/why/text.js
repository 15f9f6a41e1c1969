// The words of #why that do not depend on the numbers: the opening
// paragraphs, in order.

/** The section's opening paragraphs. */
export const INTRO = [
  "Scaled dot-product attention hands every token one budget of " +
    "attention, spread over all the tokens it can see. The weights " +
    "come out of a softmax, so they are positive and always add up to " +
    "100%. That single distribution is the catch: a word usually " +
    "stands in several relations at the same time, and one " +
    "distribution has to split its budget between them.",
  "Take “The cat sat”. The word “cat” is tied to " +
    "“The”, its determiner (a grammatical link), and to “sat”, " +
    "the verb whose subject it is (a link of who-does-what). Nearby " +
    "words also tend to belong together, and the meanings are " +
    "related too. Below, a deliberately tiny model lets you steer " +
    "where “cat” looks.",
];
