package io.rynxs.segment;

import io.rynxs.event.Sha256;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory object store for unit tests, with the tampering an attacker with bucket access could do. */
final class MemoryObjectStore implements ObjectStore {
    final TreeMap<String, byte[]> objects = new TreeMap<>();

    @Override
    public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
        if (!Sha256.hex(bytes).equals(sha256)) {
            throw new ObjectStoreException("checksum");
        }
        byte[] existing = objects.putIfAbsent(key, bytes.clone());
        return existing == null ? PutResult.CREATED : Arrays.equals(existing, bytes) ? PutResult.IDENTICAL_EXISTS : PutResult.CONFLICT;
    }

    @Override
    public void replace(String key, byte[] bytes, String sha256) {
        objects.put(key, bytes.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    @Override
    public boolean exists(String key) {
        return objects.containsKey(key);
    }

    @Override
    public List<String> list(String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    @Override
    public String describe() {
        return "memory";
    }

    void replace(String key, byte[] bytes) {
        objects.put(key, bytes);
    }

    void remove(String key) {
        objects.remove(key);
    }
}
