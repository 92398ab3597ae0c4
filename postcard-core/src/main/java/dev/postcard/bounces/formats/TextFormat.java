package dev.postcard.bounces.formats;

import java.util.List;

/** One family of MTA bounce wording. */
interface TextFormat {
    /** Whether the report is worded the way this family words it. */
    boolean applies(TextBounceReader.Context context);

    /** The failed recipients it names; empty when the wording matched but nothing could be read. */
    List<Finding> extract(TextBounceReader.Context context);
}
