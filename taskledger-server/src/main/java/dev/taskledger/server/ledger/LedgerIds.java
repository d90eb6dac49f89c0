package dev.taskledger.server.ledger;

import dev.taskledger.common.ServiceException;
import dev.taskledger.store.Store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ledger's public ids in the {@code /api/v1} API: an entry's row id (one sequence for all tenants, so it would
 * tell a tenant how many entries the others record) is never shown. The public id is one AES-128 block holding the
 * row id and a digest of the tenant, under a random key this installation keeps in its database (created once,
 * {@code InstallationStore}), base64url: 22 characters that look random, the same for an entry every time.
 * A listing's cursor is the public id of its last entry; decoding it checks the tenant's digest, so a cursor of
 * another tenant, a changed one, or one of another installation is a 400. The replic ledger's {@code /mrtreplic/task} keeps
 * the numeric row id its scripts show.
 */
public final class LedgerIds {
    static final String KEY_NAME = "ledger-id-key";
    private static final int BLOCK = 16;

    private final SecretKeySpec key;
    // a Cipher is not thread-safe and costs microseconds to make, so each thread keeps one per mode
    private final ThreadLocal<Cipher> encrypt;
    private final ThreadLocal<Cipher> decrypt;

    LedgerIds(byte[] key) {
        if (key.length != BLOCK) {
            throw new IllegalArgumentException("the ledger id key must be 16 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.encrypt = ThreadLocal.withInitial(() -> cipher(Cipher.ENCRYPT_MODE));
        this.decrypt = ThreadLocal.withInitial(() -> cipher(Cipher.DECRYPT_MODE));
    }

    /** The codec of this installation: its key from the database, stored there first by whichever node needs it first. */
    public static LedgerIds of(Store store) {
        byte[] candidate = new byte[BLOCK];
        new SecureRandom().nextBytes(candidate);
        String stored = store.inTransaction(tx -> tx.installation().getOrPut(KEY_NAME,
                Base64.getEncoder().encodeToString(candidate)));
        return new LedgerIds(Base64.getDecoder().decode(stored));
    }

    /** The public id of the entry {@code rowId} of {@code tenant}. */
    String encode(long rowId, String tenant) {
        byte[] block = ByteBuffer.allocate(BLOCK).putLong(rowId).put(tenantDigest(tenant)).array();
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(encrypt.get().doFinal(block));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed on one block", e);
        }
    }

    /** The row id a public id of {@code tenant} stands for; 400 naming {@code what} when it is not one. */
    long decode(String id, String tenant, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(id);
        } catch (IllegalArgumentException e) {
            throw notOurs(what);
        }
        if (bytes.length != BLOCK) {
            throw notOurs(what);
        }
        ByteBuffer block;
        try {
            block = ByteBuffer.wrap(decrypt.get().doFinal(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed on one block", e);
        }
        long rowId = block.getLong();
        byte[] digest = new byte[BLOCK - Long.BYTES];
        block.get(digest);
        if (!MessageDigest.isEqual(digest, tenantDigest(tenant)) || rowId < 1) {
            throw notOurs(what);
        }
        return rowId;
    }

    private static ServiceException notOurs(String what) {
        return ServiceException.badRequest(what + " is not one this listing produced");
    }

    private static byte[] tenantDigest(String tenant) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(tenant.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(sha, BLOCK - Long.BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Cipher cipher(int mode) {
        try {
            // one block, no chaining: AES as the keyed permutation it is (ECB on a single block is just that)
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(mode, key);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }
}
