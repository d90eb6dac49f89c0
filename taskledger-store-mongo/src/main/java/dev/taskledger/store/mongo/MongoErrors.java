package dev.taskledger.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import dev.taskledger.store.StoreException;

/** Translates driver exceptions into {@link StoreException} at the store's boundary: callers never catch driver types. */
final class MongoErrors {
    private MongoErrors() {}

    /** E11000 from a single write, a bulk write or a findAndModify (which reports it as a command error). */
    static boolean isDuplicateKey(MongoException e) {
        if (e instanceof MongoWriteException w) {
            return ErrorCategory.fromErrorCode(w.getError().getCode()) == ErrorCategory.DUPLICATE_KEY;
        }
        if (e instanceof MongoBulkWriteException b) {
            return !b.getWriteErrors().isEmpty() && b.getWriteErrors().stream().allMatch(MongoErrors::isDuplicateKey);
        }
        return e instanceof MongoServerException s && ErrorCategory.fromErrorCode(s.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    static boolean isDuplicateKey(BulkWriteError e) {
        return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * A duplicate key that no store method expected becomes {@link StoreException.DuplicateKey}; everything else
     * (no server within the selection timeout, a socket error, a timeout, a refused command) is
     * {@link StoreException.Unavailable}: the caller can only try again later.
     */
    static StoreException translate(MongoException e) {
        if (isDuplicateKey(e)) {
            return new StoreException.DuplicateKey("duplicate key in MongoDB: " + firstLine(e), e);
        }
        String code = e.getCode() > 0 ? " (code " + e.getCode() + ")" : "";
        return new StoreException.Unavailable("MongoDB operation failed" + code + ": " + firstLine(e), e);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
