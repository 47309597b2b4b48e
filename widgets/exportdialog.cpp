#include "exportdialog.h"

#include "projectdocument.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <set>

namespace debut {

ExportDialog::ExportDialog(ProjectDocument *doc, const QString &task, std::int64_t runId, QWidget *parent)
    : QDialog(parent), m_doc(doc), m_task(task), m_runId(runId), m_file(new QLineEdit), m_topN(new QSpinBox),
      m_segment(new QComboBox), m_reasons(new QCheckBox)
{
    setWindowTitle(tr("Export Recommendations"));
    setObjectName(QStringLiteral("ExportDialog"));
    m_topN->setRange(0, 10000000);
    m_topN->setValue(100);
    m_topN->setSpecialValueText(tr("all"));
    m_reasons->setText(tr("Include reasons (from stored explanations)"));
    m_segment->addItem(tr("All segments"), QVariant());
    try {
        std::set<std::int64_t> ids;
        for (const PredictionRow &p : doc->runs().predictions(runId))
            ids.insert(p.segmentId);
        for (const SegmentInfo &s : doc->store().segments())
            if (ids.count(s.id))
                m_segment->addItem(s.name.empty() ? tr("All customers") : QString::fromStdString(s.name),
                                   QString::fromStdString(s.name));
    } catch (const std::exception &e) {
        Q_EMIT doc->warning(2, QString::fromStdString(e.what()));
    }
    auto *browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, windowTitle(), m_file->text(), tr("CSV files (*.csv)"));
        if (!f.isEmpty())
            m_file->setText(f);
    });
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *columns = new QLabel(tr("rank, item_id, title, segment, predicted_label, score; p_<class> per class for "
                                  "multi-class tasks"));
    columns->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Top N per segment:"), m_topN);
    form->addRow(tr("Segments:"), m_segment);
    form->addRow(tr("Columns:"), columns);
    form->addRow(QString(), m_reasons);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_file->setText(QFileInfo(doc->path()).absoluteDir().filePath(QStringLiteral("recommendations.csv")));
}

void ExportDialog::setFile(const QString &path) { m_file->setText(path); }
void ExportDialog::setTopN(int n) { m_topN->setValue(n); }
void ExportDialog::setReasons(bool on) { m_reasons->setChecked(on); }

ExportSpec ExportDialog::request() const
{
    ExportSpec r;
    r.projectPath = m_doc->path();
    r.task = m_task;
    r.runId = m_runId;
    r.file = m_file->text().trimmed();
    r.topN = m_topN->value();
    r.allSegments = !m_segment->currentData().isValid();
    r.segment = m_segment->currentData().toString();
    r.reasons = m_reasons->isChecked();
    return r;
}

void ExportDialog::accept()
{
    if (m_file->text().trimmed().isEmpty()) {
        QMessageBox::information(this, windowTitle(), tr("Choose a file to write."));
        return;
    }
    QDialog::accept();
}

} // namespace debut
