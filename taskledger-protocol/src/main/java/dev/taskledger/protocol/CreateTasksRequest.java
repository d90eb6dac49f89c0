package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/v1/tasks/batch}: {@code {"tasks": [...]}} or a bare JSON array of
 * {@link CreateTaskRequest}s. It is written as the object form.
 */
@JsonDeserialize(using = CreateTasksRequest.Reader.class)
public record CreateTasksRequest(@JsonProperty("tasks") List<CreateTaskRequest> tasks) {
    public CreateTasksRequest {
        tasks = tasks == null ? List.of() : new ArrayList<>(tasks); // elements may be null: the server names them
    }

    /** Accepts both the object form and the bare array. */
    static final class Reader extends StdDeserializer<CreateTasksRequest> {
        Reader() {
            super(CreateTasksRequest.class);
        }

        @Override
        public CreateTasksRequest deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JavaType listType = ctxt.getTypeFactory().constructCollectionType(List.class, CreateTaskRequest.class);
            JsonToken token = p.currentToken();
            if (token == JsonToken.START_ARRAY) {
                return new CreateTasksRequest(ctxt.readValue(p, listType));
            }
            if (token != JsonToken.START_OBJECT && token != JsonToken.FIELD_NAME) {
                return (CreateTasksRequest) ctxt.handleUnexpectedToken(CreateTasksRequest.class, p);
            }
            List<CreateTaskRequest> tasks = null;
            String name = token == JsonToken.FIELD_NAME ? p.currentName() : p.nextFieldName();
            for (; name != null; name = p.nextFieldName()) {
                p.nextToken();
                if ("tasks".equals(name)) {
                    tasks = ctxt.readValue(p, listType);
                } else {
                    p.skipChildren();
                }
            }
            return new CreateTasksRequest(tasks);
        }
    }
}
