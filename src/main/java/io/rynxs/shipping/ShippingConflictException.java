package io.rynxs.shipping;

/**
 * An object key already holds other bytes: another writer continued the chain in the same place. Shipping
 * stops for good (retrying cannot help); the replica must step down (docs/DESIGN.md, High availability).
 */
public final class ShippingConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ShippingConflictException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
