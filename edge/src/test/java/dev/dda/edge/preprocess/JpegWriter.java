package dev.dda.edge.preprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * JPEGs as ImageIO's writer (libjpeg 6b) writes them, with the layout the tests need set through its native metadata
 * tree: chroma sampling, a restart interval, one scan per component, progressive, no JFIF marker.
 */
final class JpegWriter {
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    private float quality = 0.75f;
    /** Luma sampling factors (chroma stays 1x1): 2x2 is 4:2:0, 2x1 4:2:2, 1x1 4:4:4. */
    private int lumaH = 2;
    private int lumaV = 2;
    private int restartInterval;
    private boolean progressive;
    private boolean scanPerComponent;
    private boolean noJfif;

    JpegWriter quality(float q) {
        quality = q;
        return this;
    }

    JpegWriter sampling(int h, int v) {
        lumaH = h;
        lumaV = v;
        return this;
    }

    JpegWriter restartInterval(int mcus) {
        restartInterval = mcus;
        return this;
    }

    JpegWriter progressive() {
        progressive = true;
        return this;
    }

    JpegWriter scanPerComponent() {
        scanPerComponent = true;
        return this;
    }

    JpegWriter noJfif() {
        noJfif = true;
        return this;
    }

    byte[] write(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            // metadata made for a sequential file: one interleaved scan, to split or keep
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            } else if (scanPerComponent) {
                param.setProgressiveMode(ImageWriteParam.MODE_COPY_FROM_METADATA);
            }
            IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
            edit(root);
            meta.setFromTree(FORMAT, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, meta), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private void edit(IIOMetadataNode root) {
        IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode sof = (IIOMetadataNode) root.getElementsByTagName("sof").item(0);
        Node spec = sof.getFirstChild();
        for (int i = 0; spec != null; i++, spec = spec.getNextSibling()) {
            IIOMetadataNode component = (IIOMetadataNode) spec;
            component.setAttribute("HsamplingFactor", String.valueOf(i == 0 ? lumaH : 1));
            component.setAttribute("VsamplingFactor", String.valueOf(i == 0 ? lumaV : 1));
        }
        if (restartInterval > 0) {
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            dri.setAttribute("interval", String.valueOf(restartInterval));
            markers.insertBefore(dri, sof);
        }
        if (scanPerComponent) {
            IIOMetadataNode sos = (IIOMetadataNode) root.getElementsByTagName("sos").item(0);
            Node scanSpec = sos.getFirstChild();
            while (scanSpec != null) {
                Node next = scanSpec.getNextSibling();
                IIOMetadataNode single = new IIOMetadataNode("sos");
                single.setAttribute("numScanComponents", "1");
                single.setAttribute("startSpectralSelection", "0");
                single.setAttribute("endSpectralSelection", "63");
                single.setAttribute("approxHigh", "0");
                single.setAttribute("approxLow", "0");
                single.appendChild(scanSpec);
                markers.insertBefore(single, sos);
                scanSpec = next;
            }
            markers.removeChild(sos);
        }
        if (noJfif) {
            IIOMetadataNode variety = (IIOMetadataNode) root.getElementsByTagName("JPEGvariety").item(0);
            while (variety.hasChildNodes()) {
                variety.removeChild(variety.getFirstChild());
            }
        }
    }
}
