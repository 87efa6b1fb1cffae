package dev.dda.target.aws;

import java.net.URI;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoServer.class)
class MotoBucketTest extends BucketContract {
    @Override
    protected URI endpoint() throws Exception {
        return MotoServer.get().endpoint();
    }
}
