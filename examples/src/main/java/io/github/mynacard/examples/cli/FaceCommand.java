package io.github.mynacard.examples.cli;

import io.github.mynacard.Authenticity;
import io.github.mynacard.CardFace;
import io.github.mynacard.PinKind;
import io.github.mynacard.Unlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mynacard face}: the card face (券面事項確認AP) with 照合番号A or B. */
@Command(name = "face", header = "The card face: photo, name and address images, birth date, sex, expiry; needs 照合番号A or B.",
        mixinStandardHelpOptions = true,
        description = {"Read the card face (券面事項確認AP) with 照合番号B (default: the birth date in the Japanese era as "
            + "YYMMDD, the card's expiry year and the 4-digit security code printed on the card, 14 digits) or, with "
            + "--with pin-a, 照合番号A (the 12-digit My Number). Prints the birth date, sex and the card's expiry date, and writes "
            + "the images to --out-dir: photo.png (the face photo, decoded from the card's JPEG 2000), photo.jp2 (as the "
            + "card holds it), name.png, address.png and security-code.png; with --with pin-a and --my-number-image also "
            + "my-number.png (the My Number as printed: personal data restricted by law). The verification number has its "
            + "own counter (10 attempts); it is asked at the masked prompt, never taken as an argument.",
            "With --check-authenticity: also checks the card face's signature against the authority key: the emulated "
                + "card's test authority, or --trusted-key FILE. Exit code 8 when the check fails.",
            "Order for --pin-stdin: the verification number."})
public final class FaceCommand extends PinCommand {

    @Option(names = "--with", paramLabel = "pin-a|pin-b", defaultValue = "pin-b",
            description = "Which verification number opens the card face: pin-b (照合番号B, default) or pin-a (照合番号A), as for 'fields --with'.")
    String with;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "card-face",
            description = "Where the images go (default: ${DEFAULT-VALUE}; made, readable by you only, when missing, once the card face has been read).")
    Path outDir;

    @Option(names = "--my-number-image", description = "With --with pin-a: also write my-number.png (the My Number as printed).")
    boolean myNumberImage;

    @Option(names = "--check-authenticity", description = "Check the card face's signature.")
    boolean checkAuthenticity;

    @Option(names = "--trusted-key", paramLabel = "FILE",
            description = "The authority's public key (PEM/DER key or certificate) for --check-authenticity; default on the "
                + "emulator: its test authority.")
    Path trustedKey;

    private PinKind kind;
    private PublicKey trusted;

    /** The options agree, the output directory takes files, the key file is read: before anything is asked. */
    @Override
    protected void checkInputs() throws Exception {
        kind = switch (with.strip().toLowerCase(Locale.ROOT)) {
            case "a", "pin-a" -> PinKind.CARD_FACE_NUMBER_A;
            case "b", "pin-b" -> PinKind.CARD_FACE_NUMBER_B;
            default -> throw CliException.badInput(Names.looksLikePin(with) ? Names.PIN_AS_ARGUMENT : "--with takes pin-a or pin-b");
        };
        if (myNumberImage && kind != PinKind.CARD_FACE_NUMBER_A) {
            throw CliException.badInput("--my-number-image needs --with pin-a (only 照合番号A opens the My Number image)");
        }
        if (trustedKey != null && !checkAuthenticity) {
            throw CliException.badInput("--trusted-key goes with --check-authenticity");
        }
        if (trustedKey != null) {
            trusted = KeyFiles.publicKey(trustedKey);
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw CliException.badInput("cannot write images into " + outDir + ": it is not a directory");
        }
        if (!Files.isDirectory(outDir)) {
            // made only once the card face has been read (a failure or Ctrl-C before leaves nothing):
            // here, check that the nearest existing folder takes new folders
            requireCanMake(outDir);
            return;
        }
        for (String name : new String[] {"photo.png", "photo.jp2", "name.png", "address.png", "security-code.png"}) {
            CliFiles.requireWritable(outDir.resolve(name));
        }
        if (myNumberImage) {
            CliFiles.requireWritable(outDir.resolve("my-number.png"));
        }
    }

    @Override
    protected int run(CardSession s) throws Exception {
        PublicKey authority = null;
        if (checkAuthenticity) {
            if (trusted == null && !s.emulated()) {
                throw CliException.badInput("--check-authenticity on a card in a reader needs --trusted-key FILE");
            }
            authority = trusted != null ? trusted : s.emulator().cardFaceCvcAuthorityKey();
        }
        CardFace face;
        try (PinOptions.GuardedPin p = pin(s, kind)) {
            Unlock unlock = kind.isNumberA() ? Unlock.withNumberA(p.chars()) : Unlock.withNumberB(p.chars());
            face = s.card().readCardFace(unlock.lastAttempt(p.lastAttempt()).trusting(authority));
        }
        makeOutDir();
        if (s.emulated()) {
            EmulatorCards.warnWithoutFont(err(), "番号花子東京都千代田区");
        }
        // what the card sent is written first; the PNG decoding of the photo, bounded, comes last, so
        // a photo that does not decode still leaves the card's own JPEG 2000 and the other images
        Map<String, Path> raw = new LinkedHashMap<>();
        raw.put("photoJpeg2000", write("photo.jp2", face.photo()));
        raw.put("name", write("name.png", face.nameImage()));
        raw.put("address", write("address.png", face.addressImage()));
        raw.put("securityCode", write("security-code.png", face.securityCodeImage()));
        if (myNumberImage && face.myNumberImage() != null) {
            raw.put("myNumber", write("my-number.png", face.myNumberImage()));
        }
        Map<String, Path> written = new LinkedHashMap<>();
        try {
            written.put("photo", write("photo.png", png(face.photo())));
        } catch (CliException e) {
            throw new CliException(e.exitCode(), e.getMessage() + "; the card's own photo (photo.jp2) and the other images "
                    + "were written to " + outDir, e);
        }
        written.putAll(raw);
        Authenticity a = face.authenticity();
        boolean failed = checkAuthenticity && !a.genuine();
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("with", kind.isNumberA() ? "pin-a" : "pin-b");
            o.put("birthDate", face.birthDate().toString());
            o.put("sex", face.sex());
            o.put("expiryDate", face.expiryDate().toString());
            Map<String, Object> files = Json.object();
            written.forEach((k, v) -> files.put(k, v.toString()));
            o.put("files", files);
            if (checkAuthenticity) {
                Map<String, Object> j = Json.object();
                j.put("status", a.status());
                j.put("detail", a.detail());
                o.put("authenticity", j);
            }
            printJson(o, failed ? ExitCodes.SIGNATURE_INVALID : ExitCodes.OK,
                    failed ? "the card face could not be shown to be genuine: " + a.detail() : null);
        } else {
            out().println("Card face (券面事項確認AP), opened with " + Names.pin(kind) + ":");
            out().println("  Birth date (生年月日): " + face.birthDate());
            out().println("  Sex (性別):            " + face.sex().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            out().println("  Card expires (有効期限): " + face.expiryDate());
            for (Map.Entry<String, Path> e : written.entrySet()) {
                out().println("  Wrote " + e.getValue());
            }
            if (checkAuthenticity) {
                out().println("Authenticity (真正性): " + a.status() + " (" + a.detail() + ")");
                if (failed) {
                    out().println("WARNING: the card face could not be shown to be genuine; do not rely on it.");
                }
            }
        }
        if (failed) {
            failed("the card face could not be shown to be genuine: " + a.detail());
        }
        return failed ? ExitCodes.SIGNATURE_INVALID : ExitCodes.OK;
    }

    /** A missing output folder: its nearest existing ancestor must be a folder that takes a new one. */
    private static void requireCanMake(Path dir) throws CliException {
        Path base = dir.toAbsolutePath().getParent();
        while (base != null && !Files.exists(base)) {
            base = base.getParent();
        }
        if (base == null || !Files.isDirectory(base)) {
            throw CliException.badInput("cannot make the directory " + dir + ": " + base + " is not a directory");
        }
        try {
            Files.delete(Files.createTempDirectory(base, ".mynacard-probe"));
        } catch (IOException e) {
            throw CliException.badInput("cannot make the directory " + dir + ": " + CliFiles.reason(e));
        }
    }

    /** Makes the output folder (and missing parents) readable by its owner only: the images are personal data. */
    private void makeOutDir() throws CliException {
        if (Files.isDirectory(outDir)) {
            return;
        }
        try {
            Files.createDirectories(outDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNEXPECTED, "cannot make the directory " + outDir + ": " + CliFiles.reason(e), e);
        }
        for (String name : new String[] {"photo.png", "photo.jp2", "name.png", "address.png", "security-code.png", "my-number.png"}) {
            CliFiles.requireWritable(outDir.resolve(name)); // a folder that appeared meanwhile holds no planted link
        }
    }

    private Path write(String name, byte[] bytes) throws CliException {
        Path p = outDir.resolve(name);
        CliFiles.write(p, bytes);
        return p;
    }

    /** The card's JPEG 2000 photo as PNG, decoded with the JPEG 2000 reader on the class path. */
    static byte[] png(byte[] jpeg2000) throws CliException {
        return CardPhotoDecoder.png(jpeg2000);
    }
}
