package org.tradeconsult.mechanism.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.FileSystemResource;
import org.springframework.boot.env.YamlPropertySourceLoader;

/**
 * Secrets come only from the environment: every password, secret or token property of the
 * configuration files, except the demo profile's, is a placeholder without a default. The demo
 * profile is the one file with passwords, and it says so.
 */
class SecretsFromTheEnvironmentTest {

  static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|credential).*");
  static final Pattern NO_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:?}");

  @Test
  @SuppressWarnings("unchecked")
  void everySecretOutsideTheDemoProfileIsAnEnvironmentVariableWithoutDefault() throws IOException {
    List<String> checked = new ArrayList<>();
    List<String> withValue = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/resources"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).sorted().toList()) {
        boolean demo = file.getFileName().toString().equals("application-demo.yaml");
        for (var source : new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file))) {
          for (Map.Entry<String, Object> property : ((Map<String, Object>) source.getSource()).entrySet()) {
            String key = property.getKey();
            if (!SECRET_KEY.matcher(key).matches() || key.endsWith("enablePasswordPolicy")) {
              continue;
            }
            String value = String.valueOf(property.getValue());
            checked.add(file.getFileName() + " " + key);
            if (!demo && !NO_DEFAULT.matcher(value).matches()) {
              withValue.add(file.getFileName() + " " + key + " = " + value);
            }
          }
        }
      }
    }

    assertThat(checked).anyMatch(k -> k.startsWith("application.yaml") && k.endsWith("datasource.password"))
        .anyMatch(k -> k.startsWith("application.yaml") && k.endsWith("admin.password"));
    assertThat(withValue).as("secrets with a value in the repository").isEmpty();
    assertThat(Files.readString(Path.of("src/main/resources/application-demo.yaml")))
        .contains("never enable this profile on a real deployment");
  }
}
