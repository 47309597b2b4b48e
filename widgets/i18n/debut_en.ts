<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>QObject</name>
    <message numerus="yes">
        <source>%1: %n row(s) rejected (see the import summary).</source>
        <translation type="vanished">
            <numerusform>%1: %n row rejected (see the import summary).</numerusform>
            <numerusform>%1: %n rows rejected (see the import summary).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::CataloguePage</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation type="vanished">
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::LabelsPage</name>
    <message numerus="yes">
        <source>%n label(s)</source>
        <translation type="vanished">
            <numerusform>%n label</numerusform>
            <numerusform>%n labels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::ProjectDocument</name>
    <message numerus="yes">
        <source>%n run(s) left unfinished by an earlier session were marked failed.</source>
        <translation type="vanished">
            <numerusform>%n run left unfinished by an earlier session was marked failed.</numerusform>
            <numerusform>%n runs left unfinished by an earlier session were marked failed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CUDA (%n device(s))</source>
        <translation type="vanished">
            <numerusform>CUDA (%n device)</numerusform>
            <numerusform>CUDA (%n devices)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation type="vanished">
            <numerusform>CPU (%n thread)</numerusform>
            <numerusform>CPU (%n threads)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::RecommendationsPage</name>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation type="vanished">
            <numerusform>Exported %n row to %1.</numerusform>
            <numerusform>Exported %n rows to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::RunsPage</name>
    <message numerus="yes">
        <source>Delete %n run(s) with their metrics, predictions and models?</source>
        <translation type="vanished">
            <numerusform>Delete %n run with their metrics, predictions and models?</numerusform>
            <numerusform>Delete %n runs with their metrics, predictions and models?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::TrainingPage</name>
    <message numerus="yes">
        <source>%1 (%2, %n label(s))</source>
        <translation type="vanished">
            <numerusform>%1 (%2, %n label)</numerusform>
            <numerusform>%1 (%2, %n labels)</numerusform>
        </translation>
    </message>
</context>
</TS>
