package dev.selfheal.receiver.playbook;

import java.nio.file.Path;
import java.util.List;

/** {@code ./selfheal playbooks check FILE}: validates a playbooks file offline, like amtool check-config. */
public final class PlaybooksCheckMain {

    private PlaybooksCheckMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--schema")) {
            // the JSON Schema of playbooks.yml (committed as playbooks.schema.json; a test keeps them equal)
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(PlaybookSchema.jsonSchema()));
            return;
        }
        if (args.length == 1 && args[0].equals("--actions")) {
            // the action table of docs/architecture.md (a test keeps them equal)
            System.out.print(ActionTypes.markdownTable());
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: playbooks check FILE");
            System.exit(2);
        }
        try {
            List<Playbook> playbooks = PlaybookLoader.load(Path.of(args[0]));
            System.out.println("Checking '" + args[0] + "'  SUCCESS");
            for (Playbook p : playbooks) {
                System.out.printf(" - %s: %s, %d action(s) %s, mode %s%n", p.name(), p.match(), p.actions().size(),
                        p.actions().stream().map(Playbook.ActionSpec::type).toList(), p.mode().name().toLowerCase());
            }
        } catch (PlaybookValidationException e) {
            System.out.println("Checking '" + args[0] + "'  FAILED");
            e.problems().forEach(p -> System.out.println("  " + p));
            System.exit(1);
        }
    }
}
