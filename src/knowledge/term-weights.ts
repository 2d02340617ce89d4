/**
 * How much each term of a twin's knowledge counts when texts are compared with it: squared IDF over the
 * knowledge's documents, so a rare word like "Porto" decides a comparison and "what" barely counts. Shared by
 * retrieval (question vs question) and grounding (reply vs note), so both read the knowledge the same way.
 */

export interface TermWeights {
  weights: Map<string, number>;
  /** The weight of a term the knowledge never uses: text about something else must not look supported. */
  unknownWeight: number;
}

/** Weights from documents of unique terms (one per knowledge entry). */
export function termWeights(documents: readonly (readonly string[])[]): TermWeights {
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const term of new Set(document)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const weight = (frequency: number) => Math.log(1 + documents.length / frequency) ** 2;
  return {
    weights: new Map([...documentFrequency].map(([term, frequency]) => [term, weight(frequency)])),
    unknownWeight: weight(1),
  };
}
