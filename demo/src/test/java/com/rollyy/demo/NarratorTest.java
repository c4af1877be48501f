package com.rollyy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class NarratorTest {

    @Test
    void longListsShowTheirFirstItemsAndHowManyAreLeftOut() {
        List<String> lines = Narrator.pretty("[{\"id\":1,\"tags\":[\"a\",\"b\",\"c\",\"d\"]},{\"id\":2},{\"id\":3}]");

        String text = String.join("\n", lines);
        assertThat(text).contains("\"id\" : 1").doesNotContain("\"id\" : 2").contains("\"... 2 more\"");
        assertThat(text).contains("\"a\", \"b\", \"... 2 more\"");
    }

    @Test
    void anAnswerThatIsNotJsonIsShownAsItIs() {
        assertThat(Narrator.pretty("Service Unavailable")).containsExactly("Service Unavailable");
    }

    @Test
    void explanationsAreWrapped() {
        List<String> lines = Narrator.wrap("word ".repeat(60).strip());
        assertThat(lines).hasSizeGreaterThan(2).allMatch(line -> line.length() <= 98);
    }
}
