package org.tradeconsult.mechanism.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@code mechanism.http.max-request-body} with a 413 problem before
 * anything reads them. Tomcat limits only form posts; a JSON body of any size would otherwise be
 * read whole into memory by Jackson or by the engine REST API. A body sent without a length
 * (chunked) is cut off at the limit, and the endpoint then sees a truncated, unreadable body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(RequestSizeLimitFilter.class);

  private final long maxBytes;
  private final ProblemResponses problems;

  RequestSizeLimitFilter(HttpLimitsProperties limits, ProblemResponses problems) {
    this.maxBytes = limits.maxRequestBody().toBytes();
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long length = request.getContentLengthLong();
    if (length > maxBytes) {
      log.warn("MECH-API-413 refused a body of {} bytes to {} {}", length, request.getMethod(), request.getRequestURI());
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
          "The request body has " + length + " bytes; at most " + maxBytes + " are accepted.");
      problem.setType(URI.create(ApiExceptionHandler.TYPE_BASE + "payload-too-large"));
      // Tomcat would otherwise read (swallow) the rest of the body to keep the connection.
      response.setHeader("Connection", "close");
      problems.send(request, response, problem);
      return;
    }
    chain.doFilter(length < 0 ? new LimitedRequest(request, maxBytes) : request, response);
  }

  /** A request of unknown length whose body ends at the limit. */
  private static final class LimitedRequest extends HttpServletRequestWrapper {

    private final long maxBytes;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public java.io.BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
          encoding == null ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream = new ServletInputStream() {
          private long read;

          @Override
          public int read() throws IOException {
            if (read >= maxBytes) {
              return -1;
            }
            int b = in.read();
            if (b >= 0) {
              read++;
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            if (read >= maxBytes) {
              return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, maxBytes - read));
            if (n > 0) {
              read += n;
            }
            return n;
          }

          @Override
          public boolean isFinished() {
            return read >= maxBytes || in.isFinished();
          }

          @Override
          public boolean isReady() {
            return in.isReady();
          }

          @Override
          public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
          }
        };
      }
      return stream;
    }
  }
}
