package io.modelgate.prompting;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AnswerParserTest {

    private static final List<String> SPECIES = List.of("Adelie", "Chinstrap", "Gentoo");
    private static final List<String> CIFAR = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
            Adelie                                  | Adelie
            adelie                                  | Adelie
            '  GENTOO.  '                           | Gentoo
            **Chinstrap**                           | Chinstrap
            The species is *Adélie*.                | Adelie
            `Gentoo`                                | Gentoo
            # Chinstrap                             | Chinstrap
            Adelie penguin                          | Adelie
            'Species: Gentoo\n\nReason: long bill'  | Gentoo
            Gentoo Gentoo Gentoo                    | Gentoo
            Emperor                                 | INVALID
            ''                                      | INVALID
            Adelie or Gentoo                        | INVALID
            It is not a Chinstrap but an Adelie     | INVALID
            Adeliexyz                               | INVALID
            Gen too                                 | INVALID
            """)
    void classificationAnswerNamesExactlyOneLabelOrIsInvalid(String answer, String expected) {
        assertEquals(Optional.ofNullable(expected), AnswerParser.label(answer.replace("\\n", "\n"), SPECIES));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
            cat                  | cat
            A CAT.               | cat
            cat or dog           | INVALID
            catamaran            | INVALID
            'It''s a truck!'     | truck
            """)
    void labelsAreMatchedAsWholeWords(String answer, String expected) {
        assertEquals(Optional.ofNullable(expected), AnswerParser.label(answer, CIFAR));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
            wild cat             | wild cat
            a cat                | cat
            a wild cat, no cat   | INVALID
            """)
    void aLabelInsideALongerLabelIsNotFoundTwice(String answer, String expected) {
        assertEquals(Optional.ofNullable(expected), AnswerParser.label(answer, List.of("cat", "wild cat", "dog")));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
            '{"label": "Gentoo"}'                       | Gentoo
            '```json\n{"label": "adelie"}\n```'         | Adelie
            '{"label": "Emperor"}'                      | INVALID
            '{"species": "Gentoo"}'                     | INVALID
            '{"label": 3}'                              | INVALID
            '{"label": "Gentoo"'                        | INVALID
            Gentoo                                      | INVALID
            """)
    void jsonModeAnswerHoldsTheLabelUnderItsField(String answer, String expected) {
        assertEquals(Optional.ofNullable(expected), AnswerParser.jsonLabel(answer.replace("\\n", "\n"), "label", SPECIES));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
            7.5                                      | 7.5
            About 7.5 hours of sunshine.             | 7.5
            '**3** hours'                            | 3.0
            -0.0                                     | 0.0
            '7,5'                                    | 7.5
            1e1                                      | 10.0
            none                                     | INVALID
            between 4 and 6 hours                    | INVALID
            25 hours                                 | INVALID
            -1                                       | INVALID
            version2 says 4                          | 4.0
            '4,200 g'                                | INVALID
            '3.5 or 3,5'                             | 3.5
            """)
    void regressionAnswerHoldsExactlyOneNumberInRange(String answer, Double expected) {
        assertEquals(Optional.ofNullable(expected), AnswerParser.number(answer, 0, 24));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
            '{"value": 6.25}'      | 6.25
            '{"value": "6.25 h"}'  | 6.25
            '{"value": 30}'        | INVALID
            '{"hours": 6}'         | INVALID
            """)
    void jsonModeRegressionAnswer(String answer, Double expected) {
        assertEquals(Optional.ofNullable(expected), AnswerParser.jsonNumber(answer, "value", 0, 24));
    }
}
