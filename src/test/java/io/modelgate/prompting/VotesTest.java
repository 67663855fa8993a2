package io.modelgate.prompting;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VotesTest {

    private static final List<String> PENGUINS = List.of("Adelie", "Chinstrap", "Gentoo");

    @Test
    void theMajorityLabelWinsAndInvalidSamplesDoNotVote() {
        Votes votes = Votes.ofLabels(PENGUINS, Arrays.asList("Adelie", "Gentoo", null, "Adelie", "Adelie"));
        assertEquals("Adelie", votes.label());
        assertEquals(0.75, votes.shares().get("Adelie"), 1e-12);
        assertEquals(0.25, votes.shares().get("Gentoo"), 1e-12);
        assertEquals(0.0, votes.shares().get("Chinstrap"), 1e-12);
        assertEquals(0.75, votes.agreement(), 1e-12);
    }

    @Test
    void aTieGoesToTheFirstLabelInTheTasksOrder() {
        assertEquals("Chinstrap", Votes.ofLabels(PENGUINS, List.of("Gentoo", "Chinstrap")).label());
    }

    @Test
    void noValidSampleIsAnInvalidAnswer() {
        Votes votes = Votes.ofLabels(PENGUINS, Arrays.asList(null, null));
        assertNull(votes.label());
        assertNull(votes.shares());
    }

    @Test
    void valuesAreAveragedAndAgreementIsTheShareNearTheMean() {
        Votes votes = Votes.ofValues(Arrays.asList(4.0, 5.0, null, 6.0, 13.0), List.of(0.0, 16.0));
        assertEquals(7.0, votes.value(), 1e-12);
        // Within 1.6 h of 7: 6 only.
        assertEquals(0.25, votes.agreement(), 1e-12);
        assertNull(Votes.ofValues(Arrays.asList((Double) null), List.of()).value());
    }
}
