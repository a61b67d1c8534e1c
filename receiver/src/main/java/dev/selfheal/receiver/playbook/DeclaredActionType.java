package dev.selfheal.receiver.playbook;

import java.util.List;

/**
 * An {@link ActionType} whose name, target kinds, description and permissions are given once, in
 * its constructor; an action with parameters also overrides {@link #keys()} and
 * {@link #parameters}. Subclasses need a public no-argument constructor ({@link ActionTypes}
 * builds them).
 */
public abstract class DeclaredActionType implements ActionType {

    private final String type;
    private final List<String> targetKinds;
    private final String description;
    private final List<Permission> permissions;

    protected DeclaredActionType(String type, List<String> targetKinds, String description,
                                 List<Permission> permissions) {
        this.type = type;
        this.targetKinds = List.copyOf(targetKinds);
        this.description = description;
        this.permissions = List.copyOf(permissions);
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final List<String> targetKinds() {
        return targetKinds;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<Permission> permissions() {
        return permissions;
    }
}
