package org.tradeconsult.mechanism.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Control characters: refused in every free text at input, never written by a feed. */
class PlainTextTest {

  @Test
  void everyFreeTextRefusesControlCharactersNamingItsField() {
    // task answers, messages and REST bodies all read their text through Inputs
    Inputs in = Inputs.of(Map.of("comment", "Agreed\u0007", "agenda", "Item\u001B[2J", "note", "\u001C", "delegation", "a\uD800b"));

    assertThatThrownBy(() -> in.optionalText("comment", 100)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("U+0007").extracting(e -> ((InvalidInputException) e).getField()).isEqualTo("comment");
    assertThatThrownBy(() -> in.requiredText("agenda", 100)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("U+001B").extracting(e -> ((InvalidInputException) e).getField()).isEqualTo("agenda");
    assertThatThrownBy(() -> in.optionalText("note", 100)).as("a control that strip() would drop is refused too")
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("U+001C");
    assertThatThrownBy(() -> in.optionalText("delegation", 100)).as("an unpaired surrogate")
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("U+D800");
  }

  @Test
  void tabsAndLineBreaksStayAllowedInTextButNotInOneLine() {
    Inputs in = Inputs.of(Map.of("reason", "First line\r\n\tsecond line 中文 😀", "title", "Two\nlines"));

    assertThat(in.optionalText("reason", 100)).hasValue("First line\r\n\tsecond line 中文 😀");
    assertThat(in.optionalText("title", 100)).hasValue("Two\nlines");
    assertThatThrownBy(() -> in.requiredLine("title", 100)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("single line").extracting(e -> ((InvalidInputException) e).getField()).isEqualTo("title");
  }

  @Test
  void printableTextDropsControlsAndReplacesUnpairedSurrogates() {
    assertThat(PlainText.printable("a\u0000b\u0007c\u001Bd\u007Fe\u0085f\tg\r\nh\ri\uD800j\uDC00k\uFFFEl😀m"))
        .isEqualTo("abcdef\tg\nh\ni\uFFFDj\uFFFDk\uFFFDl😀m");
    assertThat(PlainText.printable(null)).isNull();
  }

  @Test
  void theBeanValidationPatternAgreesWithTheCheck() {
    assertThat("Overtaken by events\r\n\t中文".matches(PlainText.NO_CONTROL_CHARACTERS)).isTrue();
    assertThat("Overtaken\u0007".matches(PlainText.NO_CONTROL_CHARACTERS)).isFalse();
    assertThat("Overtaken\u0085".matches(PlainText.NO_CONTROL_CHARACTERS)).isFalse();
  }
}
