package dev.taskledger.server;

/** {@link InputValidationContract} against MongoDB (the in-process mongo-java-server). */
class MongoInputValidationTest extends InputValidationContract {
    @Override
    protected Backend newBackend() {
        return Backend.mongo();
    }
}
