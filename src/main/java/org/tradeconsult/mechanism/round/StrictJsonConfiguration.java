package org.tradeconsult.mechanism.round;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reads {@link StrictJson} request bodies with a strict copy of the application's object mapper.
 * Every other body, and every response, keeps the lenient defaults, so other endpoints and the
 * engine's REST API behave as before. An instant in a strict body is ISO-8601 text only: Jackson
 * would otherwise take a number as epoch seconds, and a client sending milliseconds would move a
 * release by centuries without a word.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration implements WebMvcConfigurer {

  private final ObjectMapper objectMapper;

  StrictJsonConfiguration(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    ObjectMapper strict =
        objectMapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .registerModule(new SimpleModule("strict-instants").addDeserializer(Instant.class, new IsoInstantText()));
    converters.add(0, new StrictJsonConverter(strict));
  }

  /** Reads only {@link StrictJson} types; never writes. */
  static final class StrictJsonConverter extends MappingJackson2HttpMessageConverter {

    StrictJsonConverter(ObjectMapper strict) {
      super(strict);
    }

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
      return clazz.isAnnotationPresent(StrictJson.class) && super.canRead(clazz, mediaType);
    }

    @Override
    public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
      Class<?> raw = ResolvableType.forType(type).resolve();
      return raw != null && raw.isAnnotationPresent(StrictJson.class) && super.canRead(type, contextClass, mediaType);
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
      return false;
    }

    @Override
    public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
      return false;
    }
  }

  /** An instant given as ISO-8601 text ({@code 2027-05-12T08:00:00Z}); any other token is refused with its field. */
  static final class IsoInstantText extends StdScalarDeserializer<Instant> {

    IsoInstantText() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      try {
        return Instant.parse(parser.getText().trim());
      } catch (DateTimeParseException e) {
        return (Instant) context.handleWeirdStringValue(Instant.class, parser.getText(), "not an ISO-8601 instant");
      }
    }
  }
}
