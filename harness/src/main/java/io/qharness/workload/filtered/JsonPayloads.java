package io.qharness.workload.filtered;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qdrant.client.grpc.JsonWithInt.ListValue;
import io.qdrant.client.grpc.JsonWithInt.NullValue;
import io.qdrant.client.grpc.JsonWithInt.Struct;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Point payloads from a JSON Lines file, line i for point i: the offset of every line is indexed
 * once (8 bytes a point), and a payload is read and converted to Qdrant values when its point is
 * uploaded, so the file is never held in memory.
 */
public final class JsonPayloads implements LongFunction<Map<String, Value>>, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final FileChannel channel;
  private final long[] lineStart;

  private JsonPayloads(Path path, FileChannel channel, long[] lineStart) {
    this.path = path;
    this.channel = channel;
    this.lineStart = lineStart;
  }

  /** Indexes the lines of {@code path}; at least {@code lines} are required. */
  public static JsonPayloads open(Path path, long lines) {
    long[] starts = new long[1024];
    int n = 0;
    long at = 0;
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      starts[n++] = 0;
      int b;
      while ((b = in.read()) >= 0) {
        at++;
        if (b == '\n') {
          if (n == starts.length) {
            starts = Arrays.copyOf(starts, n * 2);
          }
          starts[n++] = at;
        }
      }
      // starts[0..n) are line starts; the last is EOF when the file ends with a newline
      boolean endsWithNewline = starts[n - 1] == at;
      int count = endsWithNewline ? n - 1 : n;
      long[] index = Arrays.copyOf(starts, count + 1);
      index[count] = at; // the end of the last line
      n = count;
      if (n < lines) {
        throw new IllegalArgumentException(
            path + " has " + n + " payload lines for " + lines + " points");
      }
      return new JsonPayloads(path, FileChannel.open(path, StandardOpenOption.READ), index);
    } catch (IOException e) {
      throw new UncheckedIOException(path + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The payload of point {@code id}. */
  @Override
  public Map<String, Value> apply(long id) {
    long from = lineStart[(int) id];
    long to = lineStart[(int) id + 1];
    ByteBuffer b = ByteBuffer.allocate((int) (to - from));
    try {
      while (b.hasRemaining() && channel.read(b, from + b.position()) >= 0) {
        // positional reads: safe from several upload threads
      }
      JsonNode line = JSON.readTree(new String(b.array(), StandardCharsets.UTF_8));
      if (line == null || !line.isObject()) {
        throw new IllegalArgumentException(
            path + " line " + (id + 1) + " is not a JSON object; each line is one point's payload");
      }
      return struct(line);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          path + " line " + (id + 1) + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static Map<String, Value> struct(JsonNode object) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }

  static Value value(JsonNode n) {
    Value.Builder v = Value.newBuilder();
    if (n.isIntegralNumber()) {
      v.setIntegerValue(n.asLong());
    } else if (n.isNumber()) {
      v.setDoubleValue(n.asDouble());
    } else if (n.isBoolean()) {
      v.setBoolValue(n.asBoolean());
    } else if (n.isTextual()) {
      v.setStringValue(n.asText());
    } else if (n.isArray()) {
      ListValue.Builder l = ListValue.newBuilder();
      n.forEach(x -> l.addValues(value(x)));
      v.setListValue(l);
    } else if (n.isObject()) {
      v.setStructValue(Struct.newBuilder().putAllFields(struct(n)));
    } else {
      v.setNullValue(NullValue.NULL_VALUE);
    }
    return v.build();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // read-only
    }
  }
}
