package io.qharness.workload.filtered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.FieldType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilteredDatasetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A ustar entry: 512-byte header (name, octal size, type), the bytes, padding. */
  public static void entry(OutputStream out, String name, byte[] content, char type)
      throws IOException {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
    byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, h, 124, size.length);
    h[156] = (byte) type;
    System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
    out.write(h);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  /** A .tgz of these files under a top directory, one with a GNU long name. */
  public static void tgz(Path archive, Map<String, byte[]> files) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
      entry(out, "data/", new byte[0], '5');
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        String name = "data/" + f.getKey();
        if (f.getKey().startsWith("tests")) {
          String longName = "data/" + "x".repeat(120) + "/" + f.getKey();
          entry(out, "././@LongLink", (longName + "\0").getBytes(StandardCharsets.UTF_8), 'L');
        }
        entry(out, name, f.getValue(), '0');
      }
      out.write(new byte[1024]);
    }
  }

  @Test
  void archivesAreExtractedWithLongNamesAndTruncationIsNamed() throws Exception {
    Path archive = dir.resolve("set.tgz");
    tgz(
        archive,
        Map.of(
            "vectors.npy", new byte[700],
            "payloads.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8),
            "tests.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8)));
    Path into = dir.resolve("out");
    TarArchive.extract(archive, Set.of("vectors.npy", "payloads.jsonl", "tests.jsonl"), into);
    assertThat(Files.size(into.resolve("vectors.npy"))).isEqualTo(700);
    assertThat(Files.readString(into.resolve("tests.jsonl"))).isEqualTo("{}\n");
    assertThatThrownBy(() -> TarArchive.extract(archive, Set.of("other.npy"), dir.resolve("o2")))
        .hasMessageContaining("has no other.npy");
    // cut the uncompressed stream in the middle of an entry
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    entry(plain, "vectors.npy", new byte[2000], '0');
    Path cut = dir.resolve("cut.tar");
    Files.write(cut, Arrays.copyOf(plain.toByteArray(), 1200));
    assertThatThrownBy(() -> TarArchive.extract(cut, Set.of("vectors.npy"), dir.resolve("o3")))
        .hasMessageContaining("truncated");
  }

  @Test
  void conditionsBecomeQdrantFiltersAndTheIndexesTheyNeed() throws Exception {
    Filter f =
        Conditions.filter(
            JSON.readTree(
                "{\"and\": [{\"color\": {\"match\": {\"value\": \"red\"}}}, {\"price\": {\"range\":"
                    + " {\"gte\": 10, \"lt\": 20.5}}}], \"or\": [{\"n\": {\"match_any\": {\"any\":"
                    + " [1, 2]}}}, {\"where\": {\"geo\": {\"lat\": 52.5, \"lon\": 13.4, \"radius\":"
                    + " 1000}}}]}"),
            "t");
    assertThat(f.getMustCount()).isEqualTo(2);
    assertThat(f.getMust(0).getField().getMatch().getKeyword()).isEqualTo("red");
    assertThat(f.getMust(1).getField().getRange().getGte()).isEqualTo(10.0);
    assertThat(f.getMust(1).getField().getRange().getLt()).isEqualTo(20.5);
    assertThat(f.getShould(0).getField().getMatch().getIntegers().getIntegersList())
        .containsExactly(1L, 2L);
    assertThat(f.getShould(1).getField().getGeoRadius().getRadius()).isEqualTo(1000f);
    assertThat(Conditions.filter(JSON.readTree("{}"), "t")).isNull();
    assertThatThrownBy(
            () -> Conditions.filter(JSON.readTree("{\"and\": [{\"a\": {\"near\": {}}}]}"), "l 3"))
        .hasMessageContaining("l 3")
        .hasMessageContaining("unknown condition 'near'");
    assertThatThrownBy(() -> Conditions.filter(JSON.readTree("{\"xor\": []}"), "l 4"))
        .hasMessageContaining("unknown operator 'xor'");
    assertThat(Conditions.indexFor("range", JSON.readTree("{}")))
        .isEqualTo(FieldType.FieldTypeFloat);
    assertThat(Conditions.indexFor("match", JSON.readTree("{\"value\": 3}")))
        .isEqualTo(FieldType.FieldTypeInteger);
  }

  @Test
  void payloadLinesAreReadByPointWithTheirTypes() throws Exception {
    Path p = dir.resolve("payloads.jsonl");
    Files.writeString(
        p,
        "{\"color\": \"red\", \"price\": 12.5, \"n\": 3, \"tags\": [\"a\"], \"ok\": true}\n"
            + "{\"color\": \"blue\"}\n"
            + "not json\n");
    try (JsonPayloads payloads = JsonPayloads.open(p, 3)) {
      Map<String, Value> first = payloads.apply(0);
      assertThat(first.get("color").getStringValue()).isEqualTo("red");
      assertThat(first.get("price").getDoubleValue()).isEqualTo(12.5);
      assertThat(first.get("n").getIntegerValue()).isEqualTo(3);
      assertThat(first.get("tags").getListValue().getValues(0).getStringValue()).isEqualTo("a");
      assertThat(first.get("ok").getBoolValue()).isTrue();
      assertThat(payloads.apply(1).get("color").getStringValue()).isEqualTo("blue");
      assertThatThrownBy(() -> payloads.apply(2)).hasMessageContaining("line 3");
    }
    assertThatThrownBy(() -> JsonPayloads.open(p, 5)).hasMessageContaining("3 payload lines for 5");
  }
}
