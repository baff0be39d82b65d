package io.rynxs.decision;

import java.util.Optional;

/** The four kinds of object the operator owns for each Agent, and the suffix each one's name adds to the Agent's. */
public enum OwnedKind {
    CONFIG_MAP("ConfigMap", "-spec"),
    PERSISTENT_VOLUME_CLAIM("PersistentVolumeClaim", "-workspace"),
    DEPLOYMENT("Deployment", "-runtime"),
    NETWORK_POLICY("NetworkPolicy", "-egress");

    private final String kind;
    private final String suffix;

    OwnedKind(String kind, String suffix) {
        this.kind = kind;
        this.suffix = suffix;
    }

    /** The Kubernetes kind, e.g. {@code ConfigMap}. */
    public String kind() {
        return kind;
    }

    /** What the object's name adds to the Agent's, e.g. {@code -spec}. */
    public String suffix() {
        return suffix;
    }

    /** The name of this kind's object for the Agent named {@code agent}. */
    public String nameFor(String agent) {
        return agent + suffix;
    }

    /** The owned kind called {@code kind}, if it is one. */
    public static Optional<OwnedKind> of(String kind) {
        for (OwnedKind k : values()) {
            if (k.kind.equals(kind)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
