package org.tradeconsult.mechanism.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.spin.json.SpinJsonNode;
import org.tradeconsult.mechanism.validation.InvalidInputException;

/**
 * What each task of the mechanism asks, read from the Camunda Form the model binds to it: the
 * fields a person answers (with their types) and the fields shown only for information. The form
 * is the task's contract with the people who work it; anything else in a completion is not an
 * answer and is refused, naming the variable.
 *
 * <p>Forms are read from the deployment of the process definition, once per definition and
 * element, inside the command that needs them.
 */
final class DeclaredAnswers {

  /** How a form field's value must look, by the form component that asks for it. */
  enum Kind {
    TEXT, DATE, FLAG, LIST;

    static Kind of(String componentType) {
      return switch (componentType) {
        case "checkbox" -> FLAG;
        case "checklist", "taglist" -> LIST;
        case "datetime" -> DATE;
        default -> TEXT;
      };
    }
  }

  /** One field of a form. */
  record Field(String key, Kind kind, boolean shownOnly) {}

  /** The fields of one element's form, in form order; empty when the element has no form. */
  record Form(String formId, Map<String, Field> fields) {
    static final Form NONE = new Form(null, Map.of());

    boolean exists() {
      return formId != null;
    }

    /** Whether the form shows this field for information only. */
    boolean shows(String name) {
      Field field = fields.get(name);
      return field != null && field.shownOnly();
    }
  }

  /** The extension property by which a start event without a form declares its inputs. */
  static final String DECLARED_INPUTS = "declaredInputs";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Form> cache = new ConcurrentHashMap<>();

  /** The form of a user task or start event of a deployed process definition. */
  Form of(CommandContext context, String processDefinitionId, String deploymentId, String elementId) {
    return cache.computeIfAbsent(processDefinitionId + "#" + elementId, key -> read(context, processDefinitionId, deploymentId, elementId));
  }

  private static Form read(CommandContext context, String processDefinitionId, String deploymentId, String elementId) {
    BpmnModelInstance model = context.getProcessEngineConfiguration().getDeploymentCache()
        .findBpmnModelInstanceForProcessDefinition(processDefinitionId);
    Object element = model.getModelElementById(elementId);
    String formRef = element instanceof UserTask task ? task.getCamundaFormRef()
        : element instanceof StartEvent start ? start.getCamundaFormRef() : null;
    if (formRef == null) {
      return element instanceof StartEvent start ? declaredInputs(start) : Form.NONE;
    }
    List<ResourceEntity> resources = context.getResourceManager().findResourcesByDeploymentId(deploymentId);
    for (ResourceEntity resource : resources) {
      if (resource.getName().endsWith(".form")) {
        JsonNode form = parse(resource);
        if (formRef.equals(form.path("id").asText(null))) {
          Map<String, Field> fields = new LinkedHashMap<>();
          collect(form.path("components"), fields);
          return new Form(formRef, Map.copyOf(fields));
        }
      }
    }
    throw new IllegalStateException("Form '" + formRef + "' of " + elementId + " is not in deployment " + deploymentId);
  }

  /**
   * A start event without a form (the ad-hoc request message) declares its inputs in the model:
   * extension property {@code declaredInputs}, e.g. {@code reason:text,urgent:checkbox}.
   */
  private static Form declaredInputs(StartEvent start) {
    if (start.getExtensionElements() == null) {
      return Form.NONE;
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    start.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
        .flatMap(properties -> properties.getCamundaProperties().stream())
        .filter(property -> DECLARED_INPUTS.equals(property.getCamundaName()))
        .flatMap(property -> java.util.Arrays.stream(property.getCamundaValue().split(",")))
        .map(String::strip)
        .filter(input -> !input.isEmpty())
        .forEach(input -> {
          String[] nameAndType = input.split(":");
          fields.put(nameAndType[0], new Field(nameAndType[0], Kind.of(nameAndType.length > 1 ? nameAndType[1] : "textfield"), false));
        });
    return fields.isEmpty() ? Form.NONE : new Form(start.getId(), Map.copyOf(fields));
  }

  private static JsonNode parse(ResourceEntity resource) {
    try {
      return JSON.readTree(resource.getBytes());
    } catch (IOException e) {
      throw new IllegalStateException("Form " + resource.getName() + " is not JSON", e);
    }
  }

  private static void collect(JsonNode components, Map<String, Field> fields) {
    for (JsonNode component : components) {
      if (component.hasNonNull("key")) {
        boolean shownOnly = component.path("readonly").asBoolean(false) || component.path("disabled").asBoolean(false);
        String key = component.get("key").asText();
        fields.put(key, new Field(key, Kind.of(component.path("type").asText()), shownOnly));
      }
      collect(component.path("components"), fields);
    }
  }

  /**
   * Checks one submitted value against its field. A field shown for information may only come
   * back as the task shows it (Tasklist may echo it); the caller drops it then, so it writes
   * nothing.
   *
   * @return whether the value is an answer to keep (false: an echo of a shown field, to drop)
   */
  static boolean check(Form form, String name, TypedValue value, Object shown) {
    Field field = form.fields().get(name);
    if (field == null) {
      throw new InvalidInputException(name, "is not asked by this task (form " + form.formId() + "); only its own fields may be sent");
    }
    if (value != null && (value.getType() == ValueType.BYTES || value.getType() == ValueType.FILE
        || value instanceof ObjectValue object && !object.isDeserialized())) {
      throw new InvalidInputException(name, "must be a plain value, not a serialized object or a file");
    }
    Object raw = value == null ? null : value.getValue();
    if (field.shownOnly()) {
      if (!sameValue(shown, raw)) {
        throw new InvalidInputException(name, "is shown by this task for information and cannot be changed here");
      }
      return false;
    }
    if (!hasKind(field.kind(), raw)) {
      throw new InvalidInputException(name, "must be " + switch (field.kind()) {
        case TEXT -> "text";
        case DATE -> "a date (text such as 2026-05-12, or a date)";
        case FLAG -> "true or false";
        case LIST -> "a list of texts";
      });
    }
    return true;
  }

  private static boolean hasKind(Kind kind, Object raw) {
    if (raw == null) {
      return true;
    }
    return switch (kind) {
      case TEXT -> raw instanceof String;
      case DATE -> raw instanceof String || raw instanceof Date;
      case FLAG -> raw instanceof Boolean || raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"));
      case LIST -> raw instanceof String
          || raw instanceof SpinJsonNode json && json.isArray() && json.elements().stream().allMatch(SpinJsonNode::isString)
          || raw instanceof Collection<?> items && items.stream().allMatch(String.class::isInstance);
    };
  }

  /** Whether a submitted value is what the task shows: texts trimmed, lists by their items, blank as absent. */
  static boolean sameValue(Object shown, Object sent) {
    Optional<List<String>> shownItems = items(shown);
    Optional<List<String>> sentItems = items(sent);
    if (shownItems.isPresent() || sentItems.isPresent()) {
      // A list may be kept as comma-separated codes and shown as a checklist: compare the items.
      return shownItems.orElseGet(() -> split(shown)).equals(sentItems.orElseGet(() -> split(sent)));
    }
    return Objects.equals(text(shown), text(sent));
  }

  private static Optional<List<String>> items(Object value) {
    if (value instanceof SpinJsonNode json && json.isArray()) {
      return Optional.of(json.elements().stream().map(e -> e.isString() ? e.stringValue() : e.toString()).toList());
    }
    if (value instanceof Collection<?> items) {
      return Optional.of(items.stream().map(String::valueOf).toList());
    }
    if (value instanceof JsonNode node && node.isArray()) {
      return Optional.of(StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList());
    }
    return Optional.empty();
  }

  private static List<String> split(Object value) {
    String text = text(value);
    return text == null ? List.of() : java.util.Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    String text = value instanceof Date date ? date.toInstant().toString() : String.valueOf(value).strip();
    return text.isEmpty() ? null : text;
  }
}
