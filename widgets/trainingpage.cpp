#include "trainingpage.h"

#include "confusionview.h"
#include "curvesview.h"
#include "metricsbuffer.h"
#include "metricscharts.h"
#include "projectdocument.h"
#include "refillcombo.h"
#include "reporttable.h"

#include "project/training.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace debut {

namespace {
constexpr int kRedrawMs = 40;
const char *kHfItem = "hf:";
}   // namespace

TrainingPage::TrainingPage(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_doc(doc), m_buffer(std::make_shared<MetricsBuffer>()), m_redraw(new QTimer(this)),
      m_task(new QComboBox), m_mode(new QComboBox), m_encoder(new QComboBox), m_preset(new QComboBox),
      m_device(new QComboBox), m_epochs(new QSpinBox), m_batch(new QSpinBox), m_seed(new QSpinBox),
      m_patience(new QSpinBox), m_loraRank(new QSpinBox), m_topK(new QSpinBox), m_lr(new QDoubleSpinBox),
      m_augment(new QCheckBox), m_logScale(new QCheckBox), m_start(new QPushButton), m_cancel(new QPushButton),
      m_form(new QFormLayout), m_status(new QLabel), m_loss(new LossChart), m_auc(new AucChart),
      m_report(new ReportTable), m_confusion(new ConfusionView), m_curves(new CurvesView), m_banner(new QLabel),
      m_candidates(new QLabel), m_lossTabs(new QTabWidget), m_candidatesTab(nullptr), m_lossTab(nullptr)
{
    setObjectName(QStringLiteral("TrainingPage"));
    m_task->setObjectName(QStringLiteral("trainTask"));
    for (const char *m : {"auto", "head", "topk", "full", "lora", "contrastive"})
        m_mode->addItem(QString(), QString::fromLatin1(m));
    for (const char *p : {"quick", "balanced", "thorough"})
        m_preset->addItem(QString(), QString::fromLatin1(p));
    for (const char *d : {"auto", "cpu", "cuda"})
        m_device->addItem(QString(), QString::fromLatin1(d));
    m_epochs->setRange(1, 500);
    m_batch->setRange(1, 1024);
    m_seed->setRange(0, 1 << 30);
    m_patience->setRange(0, 100);
    m_loraRank->setRange(1, 256);
    m_topK->setRange(1, 48);
    m_lr->setDecimals(5);
    m_lr->setRange(0, 1);
    m_lr->setSingleStep(0.0001);
    for (QWidget *w : std::initializer_list<QWidget *>{m_task, m_mode, m_encoder, m_preset, m_device})
        static_cast<QComboBox *>(w)->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_start->setIcon(QIcon(QStringLiteral(":/icons/start.svg")));
    m_start->setObjectName(QStringLiteral("startTraining"));
    m_cancel->setIcon(QIcon(QStringLiteral(":/icons/cancel.svg")));
    m_cancel->setObjectName(QStringLiteral("cancelTraining"));
    m_cancel->setEnabled(false);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // A fixed height of three lines: a status that grows a line would re-lay out
    // the page and resize every chart (a repaint of ~100 ms on a slow machine)
    // in the middle of training.
    m_status->setFixedHeight(m_status->fontMetrics().lineSpacing() * 3 + 2);

    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    for (QWidget *w : std::initializer_list<QWidget *>{m_task, m_mode, m_encoder, m_preset, m_epochs, m_batch, m_lr,
                                                       m_patience, m_topK, m_loraRank, m_seed, m_device})
        m_form->addRow(new QLabel, w);
    m_form->addRow(m_augment);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    auto *formBox = new QWidget;
    auto *formLayout = new QVBoxLayout(formBox);
    formLayout->addLayout(m_form);
    formLayout->addLayout(buttons);
    formLayout->addStretch();
    auto *scroll = new QScrollArea;
    scroll->setWidget(formBox);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFixedWidth(285);

    auto *lossBox = new QWidget;
    auto *lossLayout = new QVBoxLayout(lossBox);
    lossLayout->setContentsMargins(0, 0, 0, 0);
    lossLayout->addWidget(m_loss, 1);
    lossLayout->addWidget(m_logScale, 0, Qt::AlignRight);
    auto *candidatesScroll = new QScrollArea;
    candidatesScroll->setWidget(m_candidates);
    candidatesScroll->setWidgetResizable(true);
    candidatesScroll->setFrameShape(QFrame::NoFrame);
    m_candidates->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_candidates->setWordWrap(true);   // the notes wrap to the tab; long candidate names wrap in their cell
    m_candidatesTab = candidatesScroll;
    m_lossTab = lossBox;
    m_lossTabs->setObjectName(QStringLiteral("lossTabs"));
    m_lossTabs->addTab(m_candidatesTab, QString());
    m_lossTabs->addTab(m_lossTab, QString());
    m_lossTabs->setTabVisible(0, false);
    m_lossTabs->setCurrentWidget(m_lossTab);
    auto *grid = new QGridLayout;
    grid->addWidget(m_lossTabs, 0, 0);
    grid->addWidget(m_report, 0, 1);
    grid->addWidget(m_confusion, 1, 0);
    m_curves->addTab(m_auc, QString());
    grid->addWidget(m_curves, 1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    m_banner->setObjectName(QStringLiteral("runNotesBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; border: 1px solid #ffda6a; "
                                           "border-radius: 4px; padding: 6px; }"));
    m_banner->hide();
    m_candidates->setObjectName(QStringLiteral("candidateTable"));
    m_candidates->setTextFormat(Qt::RichText);
    m_candidates->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *right = new QVBoxLayout;
    right->addWidget(m_banner);
    right->addWidget(m_status);
    right->addLayout(grid, 1);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(scroll);
    layout->addLayout(right, 1);

    m_redraw->setInterval(kRedrawMs);
    connect(m_redraw, &QTimer::timeout, this, &TrainingPage::drainBuffer);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &TrainingPage::applyPreset);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &TrainingPage::onModeChanged);
    connect(m_logScale, &QCheckBox::toggled, m_loss, &LossChart::setLogScale);
    connect(m_start, &QPushButton::clicked, this, &TrainingPage::start);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPage::cancel);
    connect(m_encoder, &QComboBox::activated, this, [this](int index) {
        if (m_encoder->itemData(index).toString() != QLatin1String(kHfItem))
            return;
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Hugging Face Model Folder"));
        if (dir.isEmpty()) {
            m_encoder->setCurrentIndex(0);
            return;
        }
        m_encoder->insertItem(index, dir, dir);
        m_encoder->setCurrentIndex(index);
    });
    connect(doc, &ProjectDocument::projectOpened, this, [this] {
        reloadTasks();
        reloadEncoders();
        clearResults();
        m_status->clear();
    });
    connect(doc, &ProjectDocument::projectClosed, this, &TrainingPage::reloadTasks);
    connect(doc, &ProjectDocument::tasksChanged, this, &TrainingPage::reloadTasks);
    connect(doc, &ProjectDocument::runsChanged, this, &TrainingPage::reloadEncoders);

    retranslate();
    reloadTasks();
    reloadEncoders();
    m_preset->setCurrentIndex(1);
    applyPreset();
    onModeChanged();
}

TrainingPage::~TrainingPage() = default;

void TrainingPage::retranslate()
{
    const QStringList modes = {tr("Automatic (picked by cross-validation)"),
                               tr("Head only (fast)"),
                               tr("Top-k layers"),
                               tr("Full fine-tuning"),
                               tr("LoRA adapters"),
                               tr("Contrastive (SetFit-style) + head")};
    for (int i = 0; i < modes.size(); ++i)
        m_mode->setItemText(i, modes[i]);
    m_preset->setItemText(0, tr("Quick"));
    m_preset->setItemText(1, tr("Balanced"));
    m_preset->setItemText(2, tr("Thorough"));
    m_device->setItemText(0, tr("Automatic"));
    m_device->setItemText(1, tr("CPU"));
    m_device->setItemText(2, tr("CUDA GPU"));
    const QList<std::pair<QString, QString>> rows = {
        {tr("Task:"), tr("The labels to learn from. Each task is trained separately.")},
        {tr("Mode:"), tr("Automatic tries the encoder, the catalogue's own words and both together, shared or per "
                         "segment, and keeps what cross-validation on your labels prefers. The other modes tune "
                         "the encoder: only a small head on frozen embeddings, the last layers, everything, "
                         "low-rank LoRA adapters, or a contrastive stage first.")},
        {tr("Encoder:"), tr("The pretrained text encoder to start from: USE-Lite (bundled), a Hugging Face "
                            "BERT-family folder, or an encoder from an earlier run on this catalogue.")},
        {tr("Preset:"), tr("Quick: a first look in seconds. Balanced: good defaults. Thorough: more epochs and "
                           "an ensemble, slower.")},
        {tr("Epochs:"), tr("Maximum passes over the labelled items; early stopping may end sooner.")},
        {tr("Batch size:"), tr("Items per optimisation step. Smaller batches use less memory.")},
        {tr("Learning rate:"), tr("Step size of the optimiser (AdamW). 0 uses the mode's default.")},
        {tr("Patience:"), tr("Epochs without improvement on the dev data before training stops early.")},
        {tr("Top-k layers:"), tr("Top-k mode: how many of the last encoder layers are trained.")},
        {tr("LoRA rank:"), tr("LoRA mode: rank of the adapters; higher learns more but needs more labels.")},
        {tr("Seed:"), tr("Random seed: the same seed gives the same result on CPU.")},
        {tr("Device:"), tr("Where training runs. Automatic uses a CUDA GPU when one is available.")},
    };
    for (int i = 0; i < rows.size() && i < m_form->rowCount(); ++i) {
        if (auto *label = qobject_cast<QLabel *>(m_form->itemAt(i, QFormLayout::LabelRole)->widget())) {
            label->setText(rows[i].first);
            label->setToolTip(rows[i].second);
        }
        m_form->itemAt(i, QFormLayout::FieldRole)->widget()->setToolTip(rows[i].second);
    }
    m_lr->setSpecialValueText(tr("default"));
    m_augment->setText(tr("Augment texts (word dropout and swaps)"));
    m_augment->setToolTip(tr("Makes noisy copies of the few labelled texts so the model does not memorise them."));
    m_logScale->setText(tr("Log scale"));
    m_lossTabs->setTabText(m_lossTabs->indexOf(m_candidatesTab), tr("Candidates"));
    m_lossTabs->setTabText(m_lossTabs->indexOf(m_lossTab), tr("Loss"));
    m_start->setText(tr("Start Training"));
    m_cancel->setText(tr("Cancel"));
    m_curves->setTabText(m_curves->indexOf(m_auc), tr("AUC"));
    m_curves->setTabToolTip(m_curves->indexOf(m_auc),
                            tr("ROC-AUC and PR-AUC of every epoch, and the zero-shot baseline's"));
    reloadEncoders();
}

void TrainingPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TrainingPage::reloadTasks()
{
    refillCombo(m_task, m_doc, [this] {
        for (const TaskInfo &t : m_doc->store().tasks()) {
            m_task->addItem(tr("%1 (%n label(s))", nullptr, int(t.labelCount)).arg(QString::fromStdString(t.name)),
                            QString::fromStdString(t.name));
            m_task->setItemData(m_task->count() - 1, QString::fromLatin1(taskKindName(t.kind)), Qt::ToolTipRole);
        }
    });
    m_start->setEnabled(!m_running && m_task->count() > 0);
}

void TrainingPage::reloadEncoders()
{
    const QString current = m_encoder->currentData().toString();
    QSignalBlocker block(m_encoder);
    m_encoder->clear();
    m_encoder->addItem(tr("USE-Lite (bundled)"), QStringLiteral("use-lite"));
    m_encoder->addItem(tr("From scratch (trained on this catalogue)"), QStringLiteral("scratch"));
    if (m_doc->isOpen()) {
        try {
            for (const RunInfo &r : m_doc->runs().runs()) {
                if (r.status != RunStatus::Done)
                    continue;
                const QString name = r.name.empty() ? tr("run %1").arg(r.id) : QString::fromStdString(r.name);
                m_encoder->addItem(tr("Encoder of %1").arg(name), QStringLiteral("run:%1").arg(r.id));
            }
        } catch (const std::exception &) {
        }
    }
    m_encoder->addItem(tr("Hugging Face folder…"), QLatin1String(kHfItem));
    int i = m_encoder->findData(current);
    if (i < 0 && !current.isEmpty() && current != QLatin1String(kHfItem)) {   // a chosen HF folder
        m_encoder->insertItem(m_encoder->count() - 1, current, current);
        i = m_encoder->findData(current);
    }
    m_encoder->setCurrentIndex(qMax(0, i));
}

void TrainingPage::applyPreset()
{
    TrainConfig c;
    try {
        c = TrainConfig::fromPreset(m_preset->currentData().toString().toStdString());
    } catch (const std::exception &e) {
        Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
    }
    m_applyingPreset = true;
    m_epochs->setValue(c.epochs);
    m_batch->setValue(c.batchSize);
    m_lr->setValue(c.lr);
    m_patience->setValue(c.patience);
    m_seed->setValue(int(c.seed));
    m_loraRank->setValue(c.loraRank);
    m_topK->setValue(c.topK);
    m_augment->setChecked(c.augment);
    m_applyingPreset = false;
}

void TrainingPage::onModeChanged()
{
    const QString mode = m_mode->currentData().toString();
    m_topK->setEnabled(mode == QLatin1String("topk"));
    m_loraRank->setEnabled(mode == QLatin1String("lora"));
}

void TrainingPage::setPreset(const QString &name)
{
    m_preset->setCurrentIndex(qMax(0, m_preset->findData(name)));
    applyPreset();
}

void TrainingPage::setMode(TrainMode mode)
{
    m_mode->setCurrentIndex(qMax(0, m_mode->findData(QString::fromLatin1(trainModeName(mode)))));
}

bool TrainingPage::selectTask(const QString &name)
{
    const int i = m_task->findData(name);
    if (i >= 0)
        m_task->setCurrentIndex(i);
    return i >= 0;
}

QString TrainingPage::taskName() const { return m_task->currentData().toString(); }

TrainConfig TrainingPage::config() const
{
    TrainConfig c;
    try {
        c = TrainConfig::fromPreset(m_preset->currentData().toString().toStdString());
    } catch (const std::exception &) {
    }
    parseTrainMode(m_mode->currentData().toString().toStdString(), c.mode);
    const QString enc = m_encoder->currentData().toString();
    c.encoder = enc == QLatin1String(kHfItem) ? std::string("use-lite") : enc.toStdString();
    c.device = m_device->currentData().toString().toStdString();
    c.epochs = m_epochs->value();
    c.batchSize = m_batch->value();
    c.lr = m_lr->value();
    c.patience = m_patience->value();
    c.seed = std::uint64_t(m_seed->value());
    c.loraRank = m_loraRank->value();
    c.topK = m_topK->value();
    c.augment = m_augment->isChecked();
    // leave one core to the GUI thread so the window stays responsive while training
    c.threads = std::max(1, QThread::idealThreadCount() - 1);
    return c;
}

void TrainingPage::clearResults()
{
    m_loss->clear();
    m_auc->clear();
    m_curves->clear();
    m_report->clearReport();
    m_confusion->clear();
    m_latest.reset();
    m_best.reset();
    m_epochsShown = 0;
    showRunNotes({});   // the previous run's candidates and banner
}

bool TrainingPage::start()
{
    if (m_running || !m_doc->isOpen() || m_task->count() == 0)
        return false;
    TrainRequest req;
    req.task = taskName().toStdString();
    req.config = config();
    m_totalEpochs = req.config.epochs;
    m_buffer->clear();
    clearResults();
    m_lastRunId = 0;
    const std::string path = m_doc->path().toStdString();
    auto buffer = m_buffer;
    auto runId = std::make_shared<std::int64_t>(0);
    JobWork work = [path, req, buffer, runId](JobContext &ctx) -> Status {
        // Epoch-level curves only: per-batch losses restart with every
        // cross-validation fold and would draw a misleading line.
        Progress progress = [&](std::string_view stage, std::int64_t done, std::int64_t total, std::string_view msg) {
            return ctx.progress(stage, done, total, msg);
        };
        TrainResult r = train(path, req, progress, [&](const EpochMetrics &m) {
            buffer->appendEpoch(m);
            ctx.epochMetrics(m.toJson().dump());
        });
        *runId = r.runId;
        return r.status;
    };
    JobRunner *job = m_doc->startJob(tr("Training %1").arg(taskName()), std::move(work), ProjectDocument::RunsChanged);
    if (!job) {
        m_status->setText(m_doc->errorString());
        return false;
    }
    connect(job, &JobRunner::finished, this, [this, runId](int status, const QString &message) {
        drainBuffer();
        setRunning(false);
        m_lastRunId = *runId;
        QString text;
        if (status == 0)
            text = tr("Finished: run %1.").arg(m_lastRunId);
        else if (status == 3)
            text = tr("Cancelled. The run is kept as cancelled and can be resumed from its checkpoint.");
        else
            text = tr("Training failed: %1").arg(message);
        if (status == 0 && m_latest && m_latest->stage == MetricsStage::Candidate)
            showRun(m_lastRunId);   // the stored rows carry the pick, calibrated, with its baseline
        m_status->setText(m_status->text() + QStringLiteral("\n") + text);
        showRunNotes(runSummaryOf(m_lastRunId));
        Q_EMIT trainingFinished(status, m_lastRunId);
    });
    m_status->setText(tr("Starting…"));
    setRunning(true);
    return true;
}

void TrainingPage::cancel()
{
    if (m_running)
        m_doc->cancelJob();
}

void TrainingPage::setRunning(bool running)
{
    m_running = running;
    m_start->setEnabled(!running && m_task->count() > 0);
    m_cancel->setEnabled(running);
    for (QWidget *w : std::initializer_list<QWidget *>{m_task, m_mode, m_encoder, m_preset, m_device, m_epochs, m_batch,
                                                       m_lr, m_patience, m_seed, m_augment})
        w->setEnabled(!running);
    if (!running)
        onModeChanged();
    if (running)
        m_redraw->start();
    else
        m_redraw->stop();
}

void TrainingPage::drainBuffer()
{
    std::vector<EpochMetrics> epochs;
    QVector<QPointF> batch;
    if (!m_buffer->takeNew(epochs, batch))
        return;
    m_loss->appendBatchLoss(batch);
    showEpochs(epochs);
}

void TrainingPage::showEpochs(const std::vector<EpochMetrics> &epochs)
{
    if (epochs.empty())
        return;
    m_loss->appendEpochs(epochs);
    m_auc->appendEpochs(epochs);
    for (const EpochMetrics &m : epochs) {
        if (m.epoch > 0)
            ++m_epochsShown;
        if (m.best || !m_best)
            m_best = m;
    }
    m_latest = epochs.back();
    // Auto mode's rows are candidates, not epochs: show the pick (the stored best row).
    const EpochMetrics &m = m_latest->stage == MetricsStage::Candidate && m_best && m_best->best ? *m_best : *m_latest;
    m_report->setMetrics(m);
    QStringList labels;
    if (m.report)
        for (const ClassMetrics &c : m.report->classes)
            labels << QString::fromStdString(c.label);
    m_confusion->setMatrix(labels, m.confusion);
    m_curves->setMetrics(m);

    QStringList parts;
    if (m.stage == MetricsStage::Candidate)
        parts << tr("Picked: %1").arg(QString::fromStdString(m.stageName));
    else
        parts << tr("Epoch %1 of at most %2").arg(m.epoch).arg(m_totalEpochs > 0 ? m_totalEpochs : m.epoch);
    if (m.report)
        parts << tr("macro-F1 %1").arg(m.report->macro.f1, 0, 'f', 3);
    if (m.baseline && m.baseline->report)
        parts << tr("zero-shot %1").arg(m.baseline->report->macro.f1, 0, 'f', 3);
    if (m.regression)
        parts << tr("MAE %1").arg(m.regression->mae, 0, 'f', 3);
    if (m.auc)
        parts << tr("AUC %1").arg(*m.auc, 0, 'f', 3);
    if (m.ece)
        parts << tr("ECE %1").arg(*m.ece, 0, 'f', 3);
    if (m.examplesPerSec > 0)
        parts << tr("%1 examples/s").arg(QLocale().toString(m.examplesPerSec, 'f', 0));
    if (m.trainableParams > 0)
        parts << tr("%1 trainable parameters").arg(QLocale().toString(qlonglong(m.trainableParams)));
    if (m.devSource == "cv")
        parts << tr("dev = cross-validation folds");
    if (m_best && m_best->epoch != m.epoch && m_best->report && m.stage != MetricsStage::Candidate)
        parts << tr("best epoch %1").arg(m_best->epoch);
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

void TrainingPage::showRun(std::int64_t runId)
{
    if (!m_doc->isOpen() || m_running)
        return;
    m_loss->clear();
    m_auc->clear();
    m_curves->clear();
    m_report->clearReport();
    m_confusion->clear();
    m_epochsShown = 0;
    m_best.reset();
    std::vector<EpochMetrics> epochs;
    try {
        for (const auto &[epoch, json] : m_doc->runs().epochMetrics(runId))
            epochs.push_back(EpochMetrics::fromJson(nlohmann::json::parse(json)));
    } catch (const std::exception &e) {
        Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
    }
    m_totalEpochs = epochs.empty() ? 0 : epochs.back().epoch;
    showEpochs(epochs);
    m_lastRunId = runId;
    showRunNotes(runSummaryOf(runId));
}

nlohmann::json TrainingPage::runSummaryOf(std::int64_t runId)
{
    if (runId <= 0 || !m_doc->isOpen())
        return {};
    try {
        const auto run = m_doc->runs().run(runId);
        if (!run)
            return {};
        const nlohmann::json summary = nlohmann::json::parse(run->summary, nullptr, false);
        return summary.is_object() ? summary : nlohmann::json();
    } catch (const std::exception &e) {
        Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
        return {};
    }
}

// The selection metric's name (autocv.h: metricOf) as a column title.
static QString metricTitle(const std::string &name)
{
    if (name == "auc")
        return TrainingPage::tr("AUC");
    if (name == "auc_per_segment")
        return TrainingPage::tr("AUC per segment");
    if (name == "macro_f1")
        return TrainingPage::tr("macro-F1");
    if (name == "neg_mse")
        return TrainingPage::tr("−MSE");
    return QString::fromStdString(name);
}

void TrainingPage::showRunNotes(const nlohmann::json &summary)
{
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json report = summary.is_object() ? summary.value("auto", none) : none;
    const nlohmann::json coverage = report.is_object() ? report.value("coverage", none) : none;
    const nlohmann::json tunedCoverage = summary.is_object() ? summary.value("coverage", none) : none;   // tuning modes
    const nlohmann::json implicit = summary.is_object() ? summary.value("implicit_negatives", none) : none;
    QStringList notes;
    if (coverage.is_object() && !coverage.value("covered", true))
        notes << tr("The encoder %1 does not cover this catalogue's language: %2% of its word pieces are "
                    "unknown. It was left out, and the model learns from the catalogue's own words. For a "
                    "better model, choose a Hugging Face BERT-family folder that covers the language (for "
                    "Chinese, e.g. bert-base-chinese) as the encoder, or pretrain on the catalogue.")
                     .arg(QString::fromStdString(coverage.value("encoder", std::string())),
                          QString::number(100.0 * coverage.value("unknown_share", 0.0), 'f', 0));
    if (tunedCoverage.is_object() && !tunedCoverage.value("covered", true))
        notes << tr("The encoder %1 does not cover this catalogue's language: %2% of its word pieces are "
                    "unknown. This mode learns from the encoder alone, so its scores are close to noise. "
                    "Automatic mode leaves such an encoder out and learns from the catalogue's own words; for a "
                    "better model, choose a Hugging Face BERT-family folder that covers the language (for "
                    "Chinese, e.g. bert-base-chinese) as the encoder, or pretrain on the catalogue.")
                     .arg(QString::fromStdString(tunedCoverage.value("encoder", std::string())),
                          QString::number(100.0 * tunedCoverage.value("unknown_share", 0.0), 'f', 0));
    if (implicit.is_object() && implicit.value("count", 0) > 0) {
        QStringList segments;
        const nlohmann::json names = implicit.value("segments", nlohmann::json::array());
        for (const auto &s : names)
            if (s.is_string() && segments.size() < 5)
                segments << (s.get<std::string>().empty() ? tr("labels without a segment")
                                                          : QString::fromStdString(s.get<std::string>()));
        if (names.is_array() && names.size() > 5)
            segments << tr("%n more segment(s)", nullptr, int(names.size() - 5));
        // Whole sentences, and one arg() call: a segment named "%2" stays as it is.
        QStringList sentences{
            tr("Positive labels only (%1): %2 unlabelled catalogue items were drawn as negatives.")
                .arg(segments.join(QStringLiteral(", ")), QString::number(implicit.value("count", 0)))};
        if (const int others = implicit.value("other_segments", 0); others > 0)
            sentences << tr("Each segment also counts the other segments' positives among its negatives (%n).", nullptr,
                            others);
        sentences << tr("The lists rank items by how much they resemble the labelled ones, and the scores are not "
                        "purchase rates. The report measures the labelled items against the drawn ones, some of "
                        "which customers would buy: its AUC sits nearer 0.5 than the lists' true one, though the "
                        "better model still scores higher. Label a few items shown but not bought as negative to "
                        "sharpen them.");
        notes << sentences.join(QLatin1Char(' '));
    }
    // A tuned run below the zero-shot baseline or below chance on its dev set: the
    // CLI's rule (EpochMetrics::belowBaselineNote) on the kept epoch.
    if (m_best && !m_best->belowBaselineNote().empty()) {
        const EpochMetrics &b = *m_best;
        notes << tr("This run scored below the zero-shot baseline or below chance on its dev set (macro-F1 %1, "
                    "zero-shot %2, AUC %3). A dev set of a few labels is noisy, and tuning can overfit so few: "
                    "Automatic mode compares its candidates by cross-validation on every label and keeps the "
                    "zero-shot prototype when nothing beats it.")
                     .arg(QString::number(b.report->macro.f1, 'f', 3),
                          b.baseline && b.baseline->report ? QString::number(b.baseline->report->macro.f1, 'f', 3)
                                                           : QStringLiteral("–"),
                          b.auc ? QString::number(*b.auc, 'f', 3) : QStringLiteral("–"));
    }
    if (summary.is_object() && summary.value("segments_note", nlohmann::json()).is_string())
        notes << tr("This run was trained before the tuning modes had a head per segment: a segment only shifts "
                    "its scores by a constant, so every segment's list has the same order. Train again for a "
                    "list per segment.");
    m_banner->setText(notes.join(QStringLiteral("\n\n")));
    m_banner->setVisible(!notes.isEmpty());
    const int candidatesIndex = m_lossTabs->indexOf(m_candidatesTab);
    if (!report.is_object() || !report.contains("candidates")) {
        m_candidates->clear();
        m_lossTabs->setTabVisible(candidatesIndex, false);
        m_lossTabs->setCurrentWidget(m_lossTab);
        return;
    }
    // The numbers first: candidate names grow long ("fused per segment without price,
    // brand/category + self-training") and may run past the tab's width, the scores may
    // not; the metric's title on two lines keeps its column narrow. A note that reads
    // the numbers goes above them, where it is seen without scrolling.
    QString html;
    if (implicit.is_object() && implicit.value("other_segments", 0) > 0)
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("Each segment's negatives include the other segments' positives, which a candidate "
                            "shared by all segments learns as positives in the other folds: such candidates score "
                            "low here, often below 0.5, and the per-segment ones are what this log can choose "
                            "between.")
                             .toHtmlEscaped());
    html += QStringLiteral("<table cellspacing='0' cellpadding='2'><tr><th align='right'>%2<br>%3</th>"
                           "<th align='right'>%4</th><th align='left'>%1</th></tr>")
                .arg(tr("Candidate"), tr("Cross-validated").toHtmlEscaped(),
                     metricTitle(report.value("metric", std::string())).toHtmlEscaped(), tr("Seconds"));
    for (const auto &c : report["candidates"]) {
        const bool picked = c.value("picked", false), skipped = c.value("skipped", false);
        const QString name = QString::fromStdString(c.value("name", std::string())).toHtmlEscaped();
        const QString score = skipped || !c["cv_score"].is_number()
                                  ? tr("skipped")
                                  : QString::number(c["cv_score"].get<double>(), 'f', 3);
        html +=
            QStringLiteral("<tr><td align='right'>%4</td><td align='right'>%5</td><td>%1%2%3</td></tr>")
                .arg(picked ? QStringLiteral("<b>") : QString(), name, picked ? QStringLiteral("</b> ✔") : QString(),
                     score, QString::number(c.value("seconds", 0.0), 'f', 1));
    }
    html += QStringLiteral("</table>");
    if (const int shared = report.value("segments_on_shared", 0); shared > 0)
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("%n segment(s) without labels enough of their own (two of each of two classes) are "
                            "scored by the part all segments share.",
                            nullptr, shared)
                             .toHtmlEscaped());
    m_candidates->setText(html);
    m_lossTabs->setTabVisible(candidatesIndex, true);
    m_lossTabs->setCurrentWidget(m_candidatesTab);
}

}   // namespace debut
