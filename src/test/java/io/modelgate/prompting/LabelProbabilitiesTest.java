package io.modelgate.prompting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelProbabilitiesTest {

    private static final List<String> PENGUINS = List.of("Adelie", "Chinstrap", "Gentoo");

    private static LabelProbabilities.Candidate candidate(String token, double p) {
        return new LabelProbabilities.Candidate(token, Math.log(p));
    }

    @Test
    void labelsSplitIntoSeveralTokensCountByTheirFirstAndAreRenormalised() {
        LabelProbabilities.Result result = LabelProbabilities.of(PENGUINS, List.of(candidate("Gen", 0.6),
                candidate("Ade", 0.2), candidate(" Gen", 0.1), candidate("The", 0.05), candidate("Chi", 0.05)));
        assertEquals(0.7 / 0.95, result.scores().get("Gentoo"), 1e-12);
        assertEquals(0.2 / 0.95, result.scores().get("Adelie"), 1e-12);
        assertEquals(0.05 / 0.95, result.scores().get("Chinstrap"), 1e-12);
        assertEquals(0.05, result.noLabelMass(), 1e-12);
        assertEquals("Gentoo", result.best());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Ade       | Adelie
            ' ade'    | Adelie
            ADELIE    | Adelie
            Adelie.   | Adelie
            '**Gen'   | Gentoo
            Chinstrap | Chinstrap
            """)
    void aTokenCountsForTheLabelItBeginsWhateverItsCaseSpaceOrPunctuation(String token, String label) {
        LabelProbabilities.Result result = LabelProbabilities.of(PENGUINS, List.of(candidate(token, 0.9)));
        assertEquals(label, result.best());
        assertEquals(1.0, result.scores().get(label), 1e-12);
        assertEquals(0.1, result.noLabelMass(), 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Adelies", "The", "Penguin", "'  '", "''", "Gentoos"})
    void aTokenThatBeginsNoLabelGivesItsMassToNoLabel(String token) {
        LabelProbabilities.Result result = LabelProbabilities.of(PENGUINS, List.of(candidate(token, 0.8)));
        assertTrue(result.scores().isEmpty());
        assertNull(result.best());
        assertEquals(1.0, result.noLabelMass(), 1e-12);
    }

    @Test
    void aTokenThatBeginsSeveralLabelsTellsThemApartNoBetterThanNone() {
        LabelProbabilities.Result result = LabelProbabilities.of(List.of("cat", "car", "dog"),
                List.of(candidate("ca", 0.5), candidate("dog", 0.3)));
        assertEquals(Map.of("cat", 0.0, "car", 0.0, "dog", 1.0), result.scores());
        assertEquals(0.7, result.noLabelMass(), 1e-12);
    }

    @Test
    void aLabelOfSeveralWordsIsBegunByItsFirstWord() {
        LabelProbabilities.Result result = LabelProbabilities.of(List.of("crystals", "no crystals"),
                List.of(candidate(" no", 0.7), candidate("cry", 0.2)));
        assertEquals(0.7 / 0.9, result.scores().get("no crystals"), 1e-12);
        assertEquals("no crystals", result.best());
    }

    @Test
    void nonFiniteOrImpossibleCandidatesAreIgnored() {
        List<LabelProbabilities.Candidate> candidates = List.of(new LabelProbabilities.Candidate("Ade", Double.NaN),
                new LabelProbabilities.Candidate("Gen", Double.NEGATIVE_INFINITY), candidate("Chi", 0.5),
                new LabelProbabilities.Candidate("Ade", Double.POSITIVE_INFINITY));
        LabelProbabilities.Result result = LabelProbabilities.of(PENGUINS, candidates);
        assertEquals("Chinstrap", result.best());
        assertEquals(0.5, result.noLabelMass(), 1e-12);
    }

    @Test
    void anyCandidatesGiveScoresThatSumToOneAndAMassWithinZeroAndOne() {
        Random random = new Random(7);
        List<String> alphabet = List.of("Ade", "Gen", "Chi", "A", "G", "x", " ", "Adelie", "gentoo!", "Chinstraps", "");
        for (int round = 0; round < 10_000; round++) {
            List<LabelProbabilities.Candidate> candidates = new ArrayList<>();
            double left = 1;
            for (int i = random.nextInt(8); i > 0; i--) {
                double p = left * random.nextDouble();
                left -= p;
                candidates.add(candidate(alphabet.get(random.nextInt(alphabet.size())), p));
            }
            LabelProbabilities.Result result = LabelProbabilities.of(PENGUINS, candidates);
            assertTrue(result.noLabelMass() >= 0 && result.noLabelMass() <= 1, "mass " + result.noLabelMass());
            if (!result.scores().isEmpty()) {
                assertEquals(1.0, result.scores().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
                assertTrue(PENGUINS.contains(result.best()));
            }
        }
    }
}
