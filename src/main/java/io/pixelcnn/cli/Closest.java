package io.pixelcnn.cli;

import java.util.Collection;
import java.util.Optional;

/** The known word a mistyped one was most likely meant to be: {@code --epoch} for {@code --epochs}. */
final class Closest {

    private Closest() {
    }

    /**
     * The candidate nearest to {@code word} in edit distance (insertions, deletions, substitutions and
     * swaps of neighbours), the first of equals; empty when even the nearest differs in more than a third
     * of the word's letters (then a guess would mislead more than help). A candidate that begins with the
     * word (a name cut short) counts as near.
     */
    static Optional<String> among(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = candidate.startsWith(word) && word.length() >= 3 ? 1 : distance(word, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(1, word.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: Levenshtein's, with the swap of two neighbours as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
