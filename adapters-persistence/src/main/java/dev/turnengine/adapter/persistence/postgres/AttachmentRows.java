package dev.turnengine.adapter.persistence.postgres;

import dev.turnengine.domain.turn.Attachment;
import dev.turnengine.domain.turn.Turn;
import dev.turnengine.domain.turn.UserMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code attachments} table: the inline bytes of a message's attachments, one row each, apart from the
 * message row so that only the turn about to run ever reads them.
 */
final class AttachmentRows {

    private AttachmentRows() {
    }

    /** Stores the bytes of the message's inline attachments, in the admitting transaction. */
    static void insert(Connection connection, Turn turn) throws SQLException {
        List<Attachment> attachments = turn.message().attachments();
        if (attachments.stream().noneMatch(attachment -> attachment.dataBase64().isPresent())) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO attachments "
                + "(conversation_id, turn_id, attachment_index, data) VALUES (?, ?, ?, ?)")) {
            for (int index = 0; index < attachments.size(); index++) {
                if (attachments.get(index).dataBase64().isEmpty()) {
                    continue;
                }
                insert.setObject(1, turn.conversationId().value());
                insert.setObject(2, turn.id().value());
                insert.setInt(3, index);
                insert.setBytes(4, attachments.get(index).data().orElseThrow());
                // One at a time: a batch would hold every attachment's bytes in the driver at once.
                insert.executeUpdate();
            }
        }
    }

    /** The turn with the bytes of its unloaded attachments; those without a stored row stay unloaded. */
    static Turn load(Jdbc jdbc, Turn turn) {
        UserMessage message = turn.message();
        if (message.attachments().stream().noneMatch(Attachment::isUnloaded)) {
            return turn;
        }
        Map<Integer, String> data = jdbc.query(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT attachment_index, data FROM attachments "
                    + "WHERE conversation_id = ? AND turn_id = ? ORDER BY attachment_index")) {
                query.setObject(1, turn.conversationId().value());
                query.setObject(2, turn.id().value());
                Map<Integer, String> found = new HashMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getInt(1), Base64.getEncoder().encodeToString(rows.getBytes(2)));
                    }
                }
                return found;
            }
        });
        List<Attachment> loaded = new ArrayList<>(message.attachments().size());
        for (int index = 0; index < message.attachments().size(); index++) {
            Attachment attachment = message.attachments().get(index);
            String bytes = data.get(index);
            loaded.add(attachment.isUnloaded() && bytes != null ? attachment.withData(bytes) : attachment);
        }
        return turn.withMessage(
                new UserMessage(message.text(), loaded, message.browserSession(), message.identityJson()));
    }
}
