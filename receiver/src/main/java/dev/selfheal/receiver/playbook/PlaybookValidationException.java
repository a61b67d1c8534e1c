package dev.selfheal.receiver.playbook;

import java.util.List;

/** A playbook file that cannot be used; every problem names the file, the playbook and the field. */
public class PlaybookValidationException extends RuntimeException {

    private final List<String> problems;

    public PlaybookValidationException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
