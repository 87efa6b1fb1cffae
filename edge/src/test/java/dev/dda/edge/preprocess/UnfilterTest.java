package dev.dda.edge.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UnfilterTest {
    @Test
    void row_whenSubAtEveryPixelSizeAndWidth_matchesByteByByteDefinition() {
        Random random = new Random(11);
        for (int bpp = 1; bpp <= 4; bpp++) {
            for (int width = 1; width <= 40; width++) {
                int stride = 1 + width * bpp;
                byte[] rows = new byte[2 * stride];
                random.nextBytes(rows);
                rows[stride] = 1;
                byte[] expected = rows.clone();
                for (int i = stride + 1 + bpp; i < 2 * stride; i++) {
                    expected[i] += expected[i - bpp];
                }

                Unfilter.row(rows, stride, stride, bpp);

                assertThat(rows).as("bpp " + bpp + " width " + width).isEqualTo(expected);
            }
        }
    }
}
