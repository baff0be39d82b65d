package io.rynxs.merkle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A random tree for property tests: its leaves, the tree under test, and the RFC oracle over the same leaves. */
record TestTree(List<byte[]> leafHashes, MerkleTree merkle, RfcReference reference) {

    /** Builds {@code size} leaves whose data is (seed, index), so every leaf is distinct. */
    static TestTree of(int size, long seed) {
        List<byte[]> leafHashes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            leafHashes.add(MerkleHasher.leafHash(ByteBuffer.allocate(16).putLong(seed).putLong(i).array()));
        }
        return new TestTree(leafHashes, new MerkleTree(MemoryTree.ofLeafHashes(leafHashes)), RfcReference.of(leafHashes));
    }

    Hash32 leaf(long index) {
        return new Hash32(leafHashes.get((int) index));
    }

    Hash32 root(long size) {
        return new Hash32(reference.mth(0, size));
    }

    /** Returns the hash with one bit changed, the bit chosen by {@code pick}. */
    static Hash32 flipBit(Hash32 hash, long pick) {
        byte[] bytes = hash.bytes();
        int bit = (int) Math.floorMod(pick, 256L);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        return new Hash32(bytes);
    }

    /** Returns the hashes with one of them, chosen by {@code pick}, given one flipped bit. */
    static List<Hash32> flipOne(List<Hash32> hashes, long pick) {
        List<Hash32> copy = new ArrayList<>(hashes);
        int at = (int) Math.floorMod(pick, (long) hashes.size());
        copy.set(at, flipBit(copy.get(at), pick / hashes.size()));
        return copy;
    }

    /** Returns the hashes with one of them, chosen by {@code pick}, left out. */
    static List<Hash32> dropOne(List<Hash32> hashes, long pick) {
        List<Hash32> copy = new ArrayList<>(hashes);
        copy.remove((int) Math.floorMod(pick, (long) hashes.size()));
        return copy;
    }

    /** Returns the hashes with {@code extra} inserted at a position chosen by {@code pick}, the end included. */
    static List<Hash32> insertOne(List<Hash32> hashes, long pick, Hash32 extra) {
        List<Hash32> copy = new ArrayList<>(hashes);
        copy.add((int) Math.floorMod(pick, hashes.size() + 1L), extra);
        return copy;
    }
}
