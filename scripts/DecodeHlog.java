// Decodes an HdrHistogram interval log with the Java HdrHistogram library (Debian's
// libhdrhistogram-java: the HistogramLogReader that HistogramLogProcessor reads with).
// Usage: java -cp /usr/share/java/hdrhistogram.jar scripts/DecodeHlog.java FILE
// Prints the same JSON lines as scripts/decode-hlog.py.
import java.io.File;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

public class DecodeHlog {
    public static void main(String[] args) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(new File(args[0]));
        EncodableHistogram next;
        while ((next = reader.nextIntervalHistogram()) != null) {
            Histogram histogram = (Histogram) next;
            System.out.printf("{\"tag\": \"%s\", \"start_ms\": %d, \"count\": %d, \"p50\": %d, \"p99\": %d, \"max\": %d}%n",
                histogram.getTag(), histogram.getStartTimeStamp(), histogram.getTotalCount(),
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getMaxValue());
        }
    }
}
