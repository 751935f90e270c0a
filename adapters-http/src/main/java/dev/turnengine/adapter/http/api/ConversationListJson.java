package dev.turnengine.adapter.http.api;

import java.util.List;

/** A page of conversations and the cursor of the next page (null on the last). */
record ConversationListJson(List<ConversationSummaryJson> conversations, String nextCursor) {
}
