#pragma once
// The reload every page's project combo boxes (tasks, segments, categories,
// brands) share: refill, keep the selection, report store errors.
#include <QString>
#include <QVariant>

#include <functional>
#include <utility>
#include <vector>

class QComboBox;

namespace debut {

class ProjectDocument;

// Clears `box` (its signals blocked throughout), adds the `fixed` entries (text,
// data), then, while a project is open, calls `read` to add the project's
// entries. A store error in `read` goes out through doc->warning() and leaves the
// entries added so far. The entry whose data was selected before is selected
// again, else the first.
void refillCombo(QComboBox *box, ProjectDocument *doc, const std::function<void()> &read,
                 const std::vector<std::pair<QString, QVariant>> &fixed = {});

}   // namespace debut
