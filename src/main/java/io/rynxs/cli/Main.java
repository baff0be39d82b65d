package io.rynxs.cli;

/** Entry point of the single {@code rynxs} jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("rynxs");
    }
}
