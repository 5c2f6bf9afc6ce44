package org.tradeconsult.mechanism.security;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ResourceConfig;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Every HTTP endpoint of the running service, read from the application itself, never from a
 * hand list: Spring MVC's handler methods (our API, springdoc, the error page) and the actuator's
 * own mapping beans, Spring MVC's URL mappings (static resources, view controllers), and every
 * JAX-RS resource method of the servlets registered in the servlet context ({@code /engine-rest}
 * and the Camunda webapps' APIs), found by walking their root resources and sub-resource locators.
 */
final class EndpointInventory {

  /** One method on one concrete path (path variables filled with a dummy value). */
  record Endpoint(String method, String path, String source) implements Comparable<Endpoint> {
    @Override
    public int compareTo(Endpoint other) {
      return (path + " " + method).compareTo(other.path + " " + other.method);
    }

    @Override
    public String toString() {
      return method + " " + path + " (" + source + ")";
    }
  }

  static final String DUMMY = "probe-1";
  private static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
  private static final int MAX_LOCATOR_DEPTH = 6;

  private EndpointInventory() {}

  static Set<Endpoint> collect(ApplicationContext context, ServletContext servletContext) {
    Set<Endpoint> endpoints = new TreeSet<>();
    springMvc(context, endpoints);
    servlets(context, servletContext, endpoints);
    return endpoints;
  }

  /** Handler methods of every RequestMappingInfo mapping: MVC controllers and actuator endpoints alike. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void springMvc(ApplicationContext context, Set<Endpoint> endpoints) {
    for (var entry : context.getBeansOfType(AbstractHandlerMethodMapping.class).entrySet()) {
      for (Object key : ((AbstractHandlerMethodMapping<Object>) entry.getValue()).getHandlerMethods().keySet()) {
        if (!(key instanceof RequestMappingInfo info)) {
          continue;
        }
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        Collection<String> verbs = methods.isEmpty()
            ? List.of("GET", "POST")
            : methods.stream().map(RequestMethod::name).filter(HTTP_METHODS::contains).toList();
        for (String pattern : info.getPatternValues()) {
          for (String verb : verbs) {
            endpoints.add(new Endpoint(verb, concrete(pattern), entry.getKey()));
          }
        }
      }
    }
    for (var entry : context.getBeansOfType(SimpleUrlHandlerMapping.class).entrySet()) {
      for (String pattern : entry.getValue().getHandlerMap().keySet()) {
        endpoints.add(new Endpoint("GET", concrete(pattern), entry.getKey()));
      }
    }
  }

  /** The servlets other than Spring MVC's: each JAX-RS application's resource methods under the servlet's mapping. */
  private static void servlets(ApplicationContext context, ServletContext servletContext, Set<Endpoint> endpoints) {
    for (ServletRegistration servlet : servletContext.getServletRegistrations().values()) {
      Set<Class<?>> resources = new LinkedHashSet<>();
      String applicationClass = servlet.getInitParameter("jakarta.ws.rs.Application");
      if (applicationClass != null) {
        resources.addAll(rootResources(applicationClass));
      } else if (servlet.getClassName().contains("jersey")) {
        context.getBeansOfType(ResourceConfig.class).values().forEach(config -> resources.addAll(config.getClasses()));
      } else {
        continue;
      }
      for (String mapping : servlet.getMappings()) {
        String prefix = mapping.replaceAll("/\\*$", "");
        for (Class<?> resource : resources) {
          Path root = findPath(resource);
          if (root != null) {
            walk(resource, prefix + normalise(root.value()), servlet.getName(), endpoints, new HashSet<>(), 0);
          }
        }
      }
    }
  }

  private static Set<Class<?>> rootResources(String applicationClass) {
    try {
      Application application = (Application) Class.forName(applicationClass).getDeclaredConstructor().newInstance();
      Set<Class<?>> classes = new LinkedHashSet<>(application.getClasses());
      application.getSingletons().forEach(singleton -> classes.add(singleton.getClass()));
      return classes;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read JAX-RS application " + applicationClass, e);
    }
  }

  private static void walk(Class<?> type, String prefix, String source, Set<Endpoint> endpoints, Set<String> seen, int depth) {
    if (depth > MAX_LOCATOR_DEPTH || !seen.add(type.getName() + " " + prefix)) {
      return;
    }
    for (Method method : resourceMethods(type)) {
      Path path = annotation(method, Path.class);
      String full = prefix + (path == null ? "" : normalise(path.value()));
      String verb = httpMethod(method);
      if (verb != null) {
        if (HTTP_METHODS.contains(verb)) {
          endpoints.add(new Endpoint(verb, concrete(full), source));
        }
      } else if (path != null) {
        walk(method.getReturnType(), full, source, endpoints, seen, depth + 1);
      }
    }
  }

  /** The methods of a class and of everything it implements: JAX-RS annotations sit on the interfaces. */
  private static List<Method> resourceMethods(Class<?> type) {
    List<Method> methods = new ArrayList<>();
    Set<String> signatures = new HashSet<>();
    for (Class<?> c : hierarchy(type)) {
      for (Method method : c.getDeclaredMethods()) {
        if (httpMethod(method) == null && method.getAnnotation(Path.class) == null) {
          continue;
        }
        String signature = method.getName() + java.util.Arrays.toString(method.getParameterTypes());
        if (signatures.add(signature)) {
          methods.add(method);
        }
      }
    }
    return methods;
  }

  private static List<Class<?>> hierarchy(Class<?> type) {
    List<Class<?>> all = new ArrayList<>();
    Set<Class<?>> seen = new HashSet<>();
    List<Class<?>> queue = new ArrayList<>(List.of(type));
    while (!queue.isEmpty()) {
      Class<?> c = queue.remove(0);
      if (c == null || c == Object.class || !seen.add(c)) {
        continue;
      }
      all.add(c);
      queue.add(c.getSuperclass());
      queue.addAll(List.of(c.getInterfaces()));
    }
    return all;
  }

  private static Path findPath(Class<?> type) {
    for (Class<?> c : hierarchy(type)) {
      Path path = c.getAnnotation(Path.class);
      if (path != null) {
        return path;
      }
    }
    return null;
  }

  private static <A extends Annotation> A annotation(Method method, Class<A> type) {
    return method.getAnnotation(type);
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  private static String normalise(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return "";
    }
    String withSlash = path.startsWith("/") ? path : "/" + path;
    return withSlash.endsWith("/") ? withSlash.substring(0, withSlash.length() - 1) : withSlash;
  }

  /** A path to call: template variables (with or without a regex) and wildcards get a dummy value. */
  static String concrete(String pattern) {
    String path = pattern
        .replaceAll("\\{[^{}]*(\\{[^{}]*\\}[^{}]*)*\\}", DUMMY)
        .replace("/**", "/" + DUMMY)
        .replace("**", DUMMY)
        .replace("*", DUMMY);
    return path.isEmpty() ? "/" : path;
  }
}
