package io.github.mynacard.examples.cli;

import io.github.mynacard.LastAttempt;
import io.github.mynacard.MynaCard;
import io.github.mynacard.MynaCardException;
import io.github.mynacard.PinBlockedException;
import io.github.mynacard.PinKind;
import io.github.mynacard.PinStatus;
import io.github.mynacard.CardRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/**
 * How PINs are read: an interactive masked prompt by default; {@code --pin-stdin} (one line per PIN,
 * in the order the command documents); or {@code --pin-env NAME} and {@code --new-pin-env NAME}.
 * A PIN is never taken from a command-line value. Also decides, from the PIN's counter (read
 * without spending an attempt), whether the last attempt may be used. The library reads the
 * counter once more right before the PIN goes out, in one step with it where the card is shared
 * (an emulated card that several processes open), so a decision taken here on a counter that
 * another process lowered meanwhile never spends the last attempt unasked: that PIN is refused
 * with exit 5 and nothing is sent.
 */
public final class PinOptions {

    @Option(names = "--pin-stdin", description = "Read each PIN needed as one line of standard input, in the order given in the description.")
    boolean stdin;

    @Option(names = "--pin-env", paramLabel = "NAME", description = "Read the (current) PIN from environment variable NAME.")
    String env;

    /** Set from {@link NewPinOption} by the commands that take a new PIN. */
    String newEnv;

    /** {@code --new-pin-env NAME}, on the commands that take a new PIN only. */
    public static final class NewPinOption {
        @Option(names = "--new-pin-env", paramLabel = "NAME", description = "Read the new PIN from environment variable NAME (with --pin-env).")
        String name;
    }

    @Option(names = "--allow-last-attempt",
            description = "Allow spending a PIN's last attempt (a wrong PIN then blocks it). Without it, an interactive prompt asks; otherwise the guard refuses.")
    boolean allowLastAttempt;

    private Reader stdinReader;

    /**
     * Reads the PIN for an operation, after checking its counter: a blocked PIN is refused before
     * anything is asked, and on the last attempt the holder is warned and asked to confirm.
     *
     * @param ctx the process context
     * @param err where warnings go
     * @param card the card (its counter is read; nothing is spent)
     * @param kind which PIN
     * @return the PIN and whether its last attempt may be spent
     * @throws CliException when the PIN cannot be read or the holder declines the last attempt
     * @throws MynaCardException when the PIN is blocked or the counter cannot be read
     * @throws IOException when the link to the card fails
     */
    GuardedPin readForCard(CliContext ctx, PrintWriter err, MynaCard card, PinKind kind)
            throws CliException, MynaCardException, IOException {
        LastAttempt last = lastAttemptDecision(ctx, err, card.pinStatus(kind), false);
        Secret pin = read(ctx, kind, false);
        if (!interactive(ctx)) {
            return new GuardedPin(pin, last);
        }
        // a person may take minutes at the prompt, while another program (or process on the same
        // emulated card) spends attempts: read the counter again before the PIN goes out
        try {
            GuardedPin g = new GuardedPin(pin, lastAttemptDecision(ctx, err, card.pinStatus(kind), last == LastAttempt.ALLOW));
            settled(ctx, pin);
            return g;
        } catch (CliException | MynaCardException | IOException | RuntimeException e) {
            pin.close();
            throw e;
        }
    }

    /**
     * The guard's decision from a PIN's counter: a blocked PIN is refused before anything is
     * asked; on the last attempt the holder is warned and asked to confirm (once).
     */
    private LastAttempt lastAttemptDecision(CliContext ctx, PrintWriter err, PinStatus status, boolean confirmed)
            throws CliException, MynaCardException {
        PinKind kind = status.kind();
        if (status.blocked()) {
            throw new PinBlockedException(kind, CardRefusedException.NO_STATUS_WORD);
        }
        if (allowLastAttempt) {
            // the counter may drop to one before the PIN goes out (another process on an emulated
            // card): the holder's --allow-last-attempt holds then too
            if (status.lastAttempt() && !confirmed) {
                warnLastAttempt(err, kind);
            }
            return LastAttempt.ALLOW;
        }
        if (!status.lastAttempt() || confirmed) {
            return confirmed ? LastAttempt.ALLOW : LastAttempt.REFUSE;
        }
        warnLastAttempt(err, kind);
        if (interactive(ctx)) {
            String answer = ctx.terminal().readLine("Use the last attempt? Type 'yes' to continue: ");
            if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
                throw new CliException(ExitCodes.LAST_ATTEMPT_REFUSED, "not confirmed: the last attempt of the "
                        + Names.pin(kind) + " was kept, nothing was sent");
            }
            return LastAttempt.ALLOW;
        }
        return LastAttempt.REFUSE;
    }

    private static void warnLastAttempt(PrintWriter err, PinKind kind) {
        err.println("mynacard: warning: only ONE attempt is left for the " + Names.pin(kind)
                + "; a wrong PIN now blocks it.");
        err.flush();
    }

    /**
     * Reads the current (or only) PIN of a command.
     *
     * @param ctx the process context
     * @param kind which PIN, for the prompt
     * @param isNew true for a new PIN (interactive input asks twice; {@code --new-pin-env} is used)
     * @return the PIN
     * @throws CliException when it cannot be read
     */
    Secret read(CliContext ctx, PinKind kind, boolean isNew) throws CliException {
        Secret s = readUnsettled(ctx, kind, isNew);
        return settled(ctx, s);
    }

    /**
     * Lets a signal that came while the PIN was being typed close the gate before the PIN can go
     * anywhere; then the PIN is dropped and the command ends quietly (the signal ends the process).
     */
    private static Secret settled(CliContext ctx, Secret s) throws CliException {
        ctx.settleSignals();
        if (ctx.stopping()) {
            s.close();
            throw new CliException(ExitCodes.UNEXPECTED, "stopped by a signal; nothing was sent");
        }
        return s;
    }

    private Secret readUnsettled(CliContext ctx, PinKind kind, boolean isNew) throws CliException {
        String label = (isNew ? "new " : "") + Names.pin(kind);
        if (env != null || newEnv != null) {
            String var = isNew ? newEnv : env;
            if (var == null) {
                throw CliException.badInput(isNew ? "--pin-env needs --new-pin-env NAME for the new PIN"
                        : "--new-pin-env needs --pin-env NAME for the current PIN");
            }
            String value = ctx.env(var);
            if (value == null) {
                if (Names.looksLikePin(var)) {
                    throw CliException.badInput("the environment variable named by " + (isNew ? "--new-pin-env" : "--pin-env")
                            + " (for the " + label + ") is not set; its name is not shown because it looks like a PIN: "
                            + "give the variable's name, never the PIN itself");
                }
                throw CliException.badInput("environment variable " + var + " (for the " + label + ") is not set");
            }
            return Secret.of(value, label + " in the environment variable named by " + (isNew ? "--new-pin-env" : "--pin-env"));
        }
        if (stdin) {
            char[] line = readLine(ctx.stdin());
            if (line == null) {
                throw CliException.badInput("standard input ended before the " + label + " (--pin-stdin)");
            }
            return Secret.of(line, label + " on standard input (--pin-stdin)");
        }
        if (!interactive(ctx)) {
            throw CliException.badInput("no terminal to ask the " + label + " on; use --pin-stdin or --pin-env NAME");
        }
        String shape = Names.shape(kind);
        Secret first = prompt(ctx, (shape.isEmpty() || (!isNew && !kind.isVerificationNumber()) ? "" : shape + "\n") + label + ": ");
        if (!isNew) {
            return first;
        }
        try (Secret again = prompt(ctx, "Repeat the " + label + ": ")) {
            if (!first.sameAs(again)) {
                first.close();
                throw CliException.badInput("the two entries of the " + label + " differ; nothing was changed");
            }
        }
        return first;
    }

    /**
     * Asks for a secret at the terminal (masked).
     *
     * @param ctx the process context, with a terminal
     * @param prompt what to ask
     * @return the secret; close it to wipe it
     * @throws CliException when nothing was entered (end of input)
     */
    static Secret prompt(CliContext ctx, String prompt) throws CliException {
        char[] typed = ctx.terminal().readSecret(prompt);
        if (typed == null) {
            throw CliException.badInput("no PIN was entered");
        }
        return Secret.of(typed, "entry at the prompt");
    }

    private boolean interactive(CliContext ctx) {
        return !stdin && env == null && newEnv == null && ctx.terminal() != null;
    }

    /**
     * Reads one line into a char array (no String is made of it), at most {@link Secret#MAX_CHARS}
     * and one more; null at end of input.
     */
    private char[] readLine(InputStream in) throws CliException {
        if (stdinReader == null) {
            stdinReader = new InputStreamReader(in, StandardCharsets.UTF_8);
        }
        try {
            return Secret.readLine(stdinReader);
        } catch (IOException e) {
            throw CliException.badInput("cannot read standard input: " + e.getMessage());
        }
    }

    /**
     * A PIN read for a card operation, with the decision on its last attempt.
     *
     * @param secret the PIN; close it to wipe it
     * @param lastAttempt whether the operation may spend the last attempt
     */
    record GuardedPin(Secret secret, LastAttempt lastAttempt) implements AutoCloseable {
        /** @return the PIN's characters */
        char[] chars() {
            return secret.chars();
        }

        @Override
        public void close() {
            secret.close();
        }
    }
}
