package dev.selfheal.scorer.support;

import dev.selfheal.scorer.api.PromDuration;
import dev.selfheal.scorer.config.ScorerConfig;
import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ScorerConfig} outside Quarkus, for unit tests of the service's classes: every key at its
 * {@code @WithDefault}, some overridden by their property paths (e.g. {@code training.first-after}).
 */
public final class TestConfig {

    private TestConfig() {
    }

    public static ScorerConfig of(Map<String, Object> overrides) {
        return proxy(ScorerConfig.class, "", overrides);
    }

    private static <T> T proxy(Class<T> type, String prefix, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("toString") ? "TestConfig" : m.getName().equals("hashCode")
                        ? System.identityHashCode(p) : p == args[0];
            }
            String key = prefix + kebab(m.getName());
            if (overrides.containsKey(key)) {
                Object v = overrides.get(key);
                return m.getReturnType() == Optional.class && !(v instanceof Optional) ? Optional.of(v) : v;
            }
            if (m.getReturnType().isInterface() && m.getReturnType().getDeclaringClass() == ScorerConfig.class) {
                return proxy(m.getReturnType(), key + ".", overrides);
            }
            return defaultOf(m);
        }));
    }

    private static Object defaultOf(Method m) {
        WithDefault d = m.getAnnotation(WithDefault.class);
        Class<?> t = m.getReturnType();
        if (d == null) {
            if (t == Optional.class) {
                return Optional.empty();
            }
            throw new IllegalStateException(m.getName() + " has no default: give it in the overrides");
        }
        String v = d.value();
        if (t == int.class) {
            return Integer.parseInt(v);
        } else if (t == double.class) {
            return Double.parseDouble(v);
        } else if (t == boolean.class) {
            return Boolean.parseBoolean(v);
        } else if (t == Duration.class) {
            return PromDuration.parse(v, m.getName());
        } else if (t == Path.class) {
            return Path.of(v);
        } else if (t == URI.class) {
            return URI.create(v);
        }
        return v;
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
