package org.tradeconsult.mechanism.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Camunda Forms that Tasklist 7.24 (form-js 1.8.7) renders, bilingual, with required fields marked. */
class FormModelTest {

  private static final Set<String> FORM_JS_1_8_TYPES =
      Set.of("text", "textfield", "textarea", "number", "datetime", "checkbox", "checklist", "radio", "select", "taglist", "button", "spacer", "separator");

  static Stream<Path> forms() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("bpmn", "forms"))) {
      return files.filter(f -> f.toString().endsWith(".form")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("forms")
  void theFormIsNamedAfterItsFileAndUsesOnlyComponentsTasklistRenders(Path file) throws IOException {
    JsonNode form = new ObjectMapper().readTree(file.toFile());

    assertThat(form.path("id").asText()).isEqualTo(file.getFileName().toString().replace(".form", ""));
    assertThat(form.path("schemaVersion").asInt()).isLessThanOrEqualTo(16);
    Set<String> ids = new HashSet<>();
    for (JsonNode component : form.path("components")) {
      assertThat(FORM_JS_1_8_TYPES).contains(component.path("type").asText());
      assertThat(ids.add(component.path("id").asText())).as("unique id %s", component.path("id")).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("forms")
  void everyInputIsLabelledInEnglishAndChinese(Path file) throws IOException {
    for (JsonNode component : new ObjectMapper().readTree(file.toFile()).path("components")) {
      if (component.has("key")) {
        String label = component.has("label") ? component.path("label").asText() : component.path("dateLabel").asText();
        assertThat(label).as("label of %s in %s", component.path("key"), file).contains(" / ").matches(".*\\p{IsHan}.*");
      }
    }
  }
}
