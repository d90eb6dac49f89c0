package dev.taskledger.server.http;

import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ProblemDto;
import dev.taskledger.protocol.ProblemType;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors Jetty answers before a request reaches Javalin (a malformed request line or URI, headers too
 * large, ...) as problem+json instead of Jetty's HTML error page, with a request id like every other answer
 * (the caller's sane {@code X-Request-Id}, else a new one; in the header and in {@code request_id}).
 */
final class JettyErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
        String message = cause != null ? cause.getMessage() : (String) request.getAttribute(ERROR_MESSAGE);
        String requestId = RequestIds.idFor(request.getHeaders().get(RequestIds.HEADER));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Json.PROBLEM_CONTENT_TYPE);
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.write(true, body(status, message, requestId), callback);
        return true;
    }

    private static ByteBuffer body(int status, String message, String requestId) {
        ProblemType type = ProblemType.forStatus(status);
        String title = HttpStatus.getMessage(status);
        String text = message == null ? "" : message.replaceFirst("^\\d{3}: ", "").trim();
        String detail = status >= 500 || text.isEmpty() || text.equals("null") || text.equalsIgnoreCase(title) ? title : text;
        ProblemDto problem = new ProblemDto(type.uri(), type.title(), status, detail, null, null, requestId);
        return ByteBuffer.wrap(Json.toBytes(problem));
    }
}
