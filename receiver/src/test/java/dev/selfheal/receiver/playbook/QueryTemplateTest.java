package dev.selfheal.receiver.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTemplateTest {

    private final QueryTemplate template = QueryTemplate.parse("rate(x{job=\"{{ .job }}\", ns=\"{{.namespace}}\"}[5m])");

    @Test
    void substitutesLabels() {
        assertThat(template.render(Map.of("job", "api", "namespace", "shop")))
                .isEqualTo("rate(x{job=\"api\", ns=\"shop\"}[5m])");
        assertThat(template.labels()).containsExactly("job", "namespace");
    }

    /** A label value built to break out of the string cannot change the query's structure. */
    @ParameterizedTest
    @ValueSource(strings = {"\"} or vector(1) or x{a=\"", "a\\\"}", "line\nbreak", "../../etc", "x\"}[5m]) > 0 #"})
    void hostileLabelValuesStayInsideTheirString(String hostile) {
        String query = template.render(Map.of("job", hostile, "namespace", "shop"));
        // everything outside string literals is exactly the template's structure
        assertThat(outsideStrings(query)).isEqualTo(outsideStrings("rate(x{job=\"\", ns=\"\"}[5m])"));
        assertThat(query).doesNotContain("\n");
    }

    @Test
    void placeholdersOutsideQuotesAreRefusedAtLoad() {
        assertThatThrownBy(() -> QueryTemplate.parse("rate({{ .metric }}[5m])"))
                .hasMessageContaining("must stand inside a double-quoted string");
        assertThatThrownBy(() -> QueryTemplate.parse("x{job=\"{{ job }}\"}")).hasMessageContaining("{{ .label_name }}");
    }

    @Test
    void aMissingLabelIsAnErrorNotAnEmptyMatch() {
        assertThatThrownBy(() -> template.render(Map.of("job", "api"))).hasMessageContaining("no label 'namespace'");
    }

    private static String outsideStrings(String query) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (inside && c == '\\') {
                i++;
                continue;
            }
            if (c == '"') {
                inside = !inside;
                out.append(c);
            } else if (!inside) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
