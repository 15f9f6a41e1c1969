// The embind table alone: the JS-visible name of every struct field and
// function the wasm module exports (web/lib/mha.js and web/lib/model.js call
// them). The adapters they name live beside it, one file per job:
//   convert.h       pointers as numbers, failures as code/message
//   attention_js.h  the attention layer: forwards, weights, positions, cost
//   model_js.h      the trainable model: models, analysis, trainers
//   metrics_js.h    head metrics on caller-supplied patterns
//   pretrained_js.h pretrained GPT-2/GPT-Neo loads, generation, export
//   heads_js.h      a slice of a layer's heads, one per Worker
// No function calls back into JS, so the DYNAMIC_EXECUTION=0 re-entrancy
// bug of Emscripten 3.1.6 cannot arise.
#include <emscripten/bind.h>

#include "attention_js.h"
#include "convert.h"
#include "heads_js.h"
#include "metrics_js.h"
#include "mha/kernels.h"
#include "model_js.h"
#include "pretrained_js.h"

EMSCRIPTEN_BINDINGS(mha) {
  namespace js = mha::js;
  namespace model = mha::model;
  using emscripten::value_object;
  value_object<js::ForwardArgs>("ForwardArgs")
      .field("x", &js::ForwardArgs::x)
      .field("wq", &js::ForwardArgs::wq)
      .field("wk", &js::ForwardArgs::wk)
      .field("wv", &js::ForwardArgs::wv)
      .field("wo", &js::ForwardArgs::wo)
      .field("bq", &js::ForwardArgs::bq)
      .field("bk", &js::ForwardArgs::bk)
      .field("bv", &js::ForwardArgs::bv)
      .field("bo", &js::ForwardArgs::bo)
      .field("keep", &js::ForwardArgs::keep)
      .field("n", &js::ForwardArgs::n)
      .field("dModel", &js::ForwardArgs::d_model)
      .field("heads", &js::ForwardArgs::heads)
      .field("causal", &js::ForwardArgs::causal);
  value_object<js::MatrixOut>("MatrixOut")
      .field("code", &js::MatrixOut::code)
      .field("message", &js::MatrixOut::message)
      .field("data", &js::MatrixOut::data)
      .field("rows", &js::MatrixOut::rows)
      .field("cols", &js::MatrixOut::cols);
  value_object<js::WeightsOut>("WeightsOut")
      .field("code", &js::WeightsOut::code)
      .field("message", &js::WeightsOut::message)
      .field("heads", &js::WeightsOut::heads)
      .field("dModel", &js::WeightsOut::d_model)
      .field("wq", &js::WeightsOut::wq)
      .field("wk", &js::WeightsOut::wk)
      .field("wv", &js::WeightsOut::wv)
      .field("wo", &js::WeightsOut::wo)
      .field("bq", &js::WeightsOut::bq)
      .field("bk", &js::WeightsOut::bk)
      .field("bv", &js::WeightsOut::bv)
      .field("bo", &js::WeightsOut::bo);
  value_object<js::TextOut>("TextOut")
      .field("code", &js::TextOut::code)
      .field("message", &js::TextOut::message)
      .field("text", &js::TextOut::text);
  value_object<js::SizeCheck>("SizeCheck")
      .field("code", &js::SizeCheck::code)
      .field("message", &js::SizeCheck::message);
  value_object<js::LeanLayout>("LeanLayout")
      .field("output", &js::LeanLayout::output)
      .field("concat", &js::LeanLayout::concat)
      .field("scores", &js::LeanLayout::scores)
      .field("weights", &js::LeanLayout::weights)
      .field("error", &js::LeanLayout::error)
      .field("q", &js::LeanLayout::q)
      .field("k", &js::LeanLayout::k)
      .field("v", &js::LeanLayout::v)
      .field("headOutputs", &js::LeanLayout::head_outputs)
      .field("contributions", &js::LeanLayout::contributions)
      .field("contributionNorms", &js::LeanLayout::contribution_norms)
      .field("wantOutput", &js::LeanLayout::want_output)
      .field("wantConcat", &js::LeanLayout::want_concat)
      .field("wantScores", &js::LeanLayout::want_scores)
      .field("wantWeights", &js::LeanLayout::want_weights)
      .field("wantQ", &js::LeanLayout::want_q)
      .field("wantK", &js::LeanLayout::want_k)
      .field("wantV", &js::LeanLayout::want_v)
      .field("wantHeadOutputs", &js::LeanLayout::want_head_outputs)
      .field("wantContributions", &js::LeanLayout::want_contributions)
      .field("wantContributionNorms", &js::LeanLayout::want_contribution_norms);
  value_object<js::CostOut>("CostOut")
      .field("code", &js::CostOut::code)
      .field("message", &js::CostOut::message)
      .field("dK", &js::CostOut::d_k)
      .field("parameters", &js::CostOut::parameters)
      .field("parametersPerHead", &js::CostOut::parameters_per_head)
      .field("flopsPerToken", &js::CostOut::flops_per_token)
      .field("projectionFlopsPerToken",
             &js::CostOut::projection_flops_per_token)
      .field("attentionFlopsPerToken", &js::CostOut::attention_flops_per_token)
      .field("softmaxFlopsPerToken", &js::CostOut::softmax_flops_per_token);
  value_object<js::Limits>("Limits")
      .field("maxTokens", &js::Limits::max_tokens)
      .field("maxModelDim", &js::Limits::max_model_dim);

  // The core's own structs (mha/model/), under their JS names.
  value_object<model::ModelConfig>("ModelConfig")
      .field("vocab", &model::ModelConfig::vocab)
      .field("context", &model::ModelConfig::context)
      .field("dModel", &model::ModelConfig::d_model)
      .field("heads", &model::ModelConfig::heads)
      .field("layers", &model::ModelConfig::layers)
      .field("mlp", &model::ModelConfig::mlp)
      .field("dMlp", &model::ModelConfig::d_mlp)
      .field("activation", &js::activation_of, &js::set_activation)
      .field("layerNormEpsilon", &model::ModelConfig::layer_norm_epsilon)
      .field("scaleScores", &model::ModelConfig::scale_scores)
      .field("attentionWindows", &js::attention_windows_of,
             &js::set_attention_windows)
      .field("tiedUnembedding", &model::ModelConfig::tied_unembedding);
  value_object<model::PatternMetrics>("PatternMetrics")
      .field("previousToken", &model::PatternMetrics::previous_token)
      .field("induction", &model::PatternMetrics::induction)
      .field("selfMass", &model::PatternMetrics::self_mass)
      .field("sinkMass", &model::PatternMetrics::sink_mass)
      .field("entropy", &model::PatternMetrics::entropy)
      .field("entropyNormalized", &model::PatternMetrics::entropy_normalized)
      .field("confidence", &model::PatternMetrics::confidence)
      .field("meanDistance", &model::PatternMetrics::mean_distance)
      .field("localMass", &model::PatternMetrics::local_mass);
  value_object<model::HeadReport>("HeadReport")
      .field("layer", &model::HeadReport::layer)
      .field("head", &model::HeadReport::head)
      .field("label", &js::label_of, &js::set_label)
      .field("pattern", &model::HeadReport::pattern)
      .field("copying", &model::HeadReport::copying)
      .field("copyingMeasured", &model::HeadReport::copying_measured);
  value_object<model::ClassifierThresholds>("ClassifierThresholds")
      .field("induction", &model::ClassifierThresholds::induction)
      .field("previousToken", &model::ClassifierThresholds::previous_token)
      .field("sink", &model::ClassifierThresholds::sink)
      .field("self", &model::ClassifierThresholds::self)
      .field("broad", &model::ClassifierThresholds::broad)
      .field("local", &model::ClassifierThresholds::local);
  value_object<model::StepStats>("StepStats")
      .field("step", &model::StepStats::step)
      .field("lr", &model::StepStats::lr)
      .field("loss", &model::StepStats::loss)
      .field("lossSynthetic", &model::StepStats::loss_synthetic)
      .field("lossText", &model::StepStats::loss_text)
      .field("gradNorm", &model::StepStats::grad_norm);

  value_object<js::ModelOut>("ModelOut")
      .field("code", &js::ModelOut::code)
      .field("message", &js::ModelOut::message)
      .field("handle", &js::ModelOut::handle)
      .field("step", &js::ModelOut::step)
      .field("config", &js::ModelOut::config)
      .field("meta", &js::ModelOut::meta)
      .field("parameters", &js::ModelOut::parameters);
  value_object<js::ModelForwardOut>("ModelForwardOut")
      .field("code", &js::ModelForwardOut::code)
      .field("message", &js::ModelForwardOut::message)
      .field("logits", &js::ModelForwardOut::logits)
      .field("logitRows", &js::ModelForwardOut::logit_rows)
      .field("weights", &js::ModelForwardOut::weights);
  value_object<js::HeaderLengthOut>("HeaderLengthOut")
      .field("code", &js::HeaderLengthOut::code)
      .field("message", &js::HeaderLengthOut::message)
      .field("headerBytes", &js::HeaderLengthOut::header_bytes);
  value_object<js::LoaderOut>("LoaderOut")
      .field("code", &js::LoaderOut::code)
      .field("message", &js::LoaderOut::message)
      .field("handle", &js::LoaderOut::handle)
      .field("family", &js::LoaderOut::family)
      .field("activation", &js::LoaderOut::activation)
      .field("config", &js::LoaderOut::config)
      .field("parameters", &js::LoaderOut::parameters)
      .field("modelBytes", &js::LoaderOut::model_bytes)
      .field("memoryBytes", &js::LoaderOut::memory_bytes)
      .field("dataStart", &js::LoaderOut::data_start)
      .field("dataBytes", &js::LoaderOut::data_bytes)
      .field("tensors", &js::LoaderOut::tensors)
      .field("skipped", &js::LoaderOut::skipped)
      .field("dtypes", &js::LoaderOut::dtypes);
  value_object<js::FeedOut>("FeedOut")
      .field("code", &js::FeedOut::code)
      .field("message", &js::FeedOut::message)
      .field("bytesFed", &js::FeedOut::bytes_fed)
      .field("tensorsDone", &js::FeedOut::tensors_done);
  value_object<js::ExportOut>("ExportOut")
      .field("code", &js::ExportOut::code)
      .field("message", &js::ExportOut::message)
      .field("config", &js::ExportOut::config)
      .field("bytes", &js::ExportOut::bytes)
      .field("length", &js::ExportOut::length);
  value_object<js::TopNextOut>("TopNextOut")
      .field("code", &js::TopNextOut::code)
      .field("message", &js::TopNextOut::message)
      .field("ids", &js::TopNextOut::ids)
      .field("probabilities", &js::TopNextOut::probabilities)
      .field("k", &js::TopNextOut::k);
  value_object<js::AnalyzeOut>("AnalyzeOut")
      .field("code", &js::AnalyzeOut::code)
      .field("message", &js::AnalyzeOut::message)
      .field("heads", &js::AnalyzeOut::heads)
      .field("divergence", &js::AnalyzeOut::divergence);
  value_object<js::AblationOut>("AblationOut")
      .field("code", &js::AblationOut::code)
      .field("message", &js::AblationOut::message)
      .field("loss", &js::AblationOut::loss)
      .field("ablatedLoss", &js::AblationOut::ablated_loss)
      .field("delta", &js::AblationOut::delta)
      .field("changedPredictions", &js::AblationOut::changed_predictions)
      .field("predicted", &js::AblationOut::predicted)
      .field("ablatedPredicted", &js::AblationOut::ablated_predicted);
  value_object<js::IdsOut>("IdsOut")
      .field("code", &js::IdsOut::code)
      .field("message", &js::IdsOut::message)
      .field("data", &js::IdsOut::data)
      .field("length", &js::IdsOut::length);
  value_object<js::HandleOut>("HandleOut")
      .field("code", &js::HandleOut::code)
      .field("message", &js::HandleOut::message)
      .field("handle", &js::HandleOut::handle);
  value_object<js::StepOut>("StepOut")
      .field("code", &js::StepOut::code)
      .field("message", &js::StepOut::message)
      .field("steps", &js::StepOut::steps);
  value_object<js::SettingsOut>("SettingsOut")
      .field("code", &js::SettingsOut::code)
      .field("message", &js::SettingsOut::message)
      .field("json", &js::SettingsOut::json);
  value_object<js::PatternMetricsOut>("PatternMetricsOut")
      .field("code", &js::PatternMetricsOut::code)
      .field("message", &js::PatternMetricsOut::message)
      .field("metrics", &js::PatternMetricsOut::metrics);
  value_object<js::PhaseChangeOut>("PhaseChangeOut")
      .field("code", &js::PhaseChangeOut::code)
      .field("message", &js::PhaseChangeOut::message)
      .field("step", &js::PhaseChangeOut::step);
  value_object<js::BestHeadOut>("BestHeadOut")
      .field("code", &js::BestHeadOut::code)
      .field("message", &js::BestHeadOut::message)
      .field("layer", &js::BestHeadOut::layer)
      .field("head", &js::BestHeadOut::head)
      .field("value", &js::BestHeadOut::value);

  emscripten::function("_setWeights", &js::set_weights);
  emscripten::function("_clearWeights", &js::clear_weights);
  emscripten::function("_forwardLean", &js::forward_lean);
  emscripten::function("_leanInfo", &js::lean_info_address);
  emscripten::function("_leanLayout", &js::lean_layout);
  emscripten::function("_leanError", &js::lean_error);
  emscripten::function("_setHeadSlice", &js::set_head_slice);
  emscripten::function("_forwardHeadSlice", &js::forward_head_slice);
  emscripten::function("_checkSizes", &js::check_sizes);
  emscripten::function("_checkWeightsJsonSize", &js::check_weights_json_size);
  emscripten::function("_sinusoidalPositions", &js::sinusoidal_positions);
  emscripten::function("_learnedPositions", &js::learned_positions);
  emscripten::function("_weightsFromJson", &js::weights_from_json);
  emscripten::function("_weightsToJson", &js::weights_to_json);
  emscripten::function("_limits", &js::limits);
  // Which kernels this module was built with (mha_core or mha_core_relaxed).
  emscripten::function("_relaxedSimd", &mha::kernels::relaxed_simd);
  emscripten::function("_attentionCost", &js::attention_cost);
  emscripten::function("_modelLoad", &js::model_load);
  emscripten::function("_modelFree", &js::model_free);
  emscripten::function("_modelForward", &js::model_forward);
  emscripten::function("_modelTopNext", &js::model_top_next);
  emscripten::function("_modelAnalyze", &js::model_analyze);
  emscripten::function("_modelAblation", &js::model_ablation);
  emscripten::function("_modelGenerate", &js::model_generate);
  emscripten::function("_modelToGpt2", &js::model_to_gpt2);
  emscripten::function("_safetensorsHeaderLength",
                       &js::safetensors_header_length);
  emscripten::function("_pretrainedOpen", &js::pretrained_open);
  emscripten::function("_pretrainedAllocate", &js::pretrained_allocate);
  emscripten::function("_pretrainedFeed", &js::pretrained_feed);
  emscripten::function("_pretrainedFinish", &js::pretrained_finish);
  emscripten::function("_pretrainedCancel", &js::pretrained_cancel);
  emscripten::function("_defaultThresholds", &js::default_thresholds);
  emscripten::function("_encodeText", &js::encode_text);
  emscripten::function("_decodeTokens", &js::decode_tokens);
  emscripten::function("_probeSequences", &js::probe_sequences);
  emscripten::function("_repeatedHalfWeights", &js::repeated_half_weights);
  emscripten::function("_trainerDefaults", &js::trainer_defaults);
  emscripten::function("_trainerSettingTable", &js::trainer_setting_table);
  emscripten::function("_trainerCreate", &js::trainer_create);
  emscripten::function("_trainerSettings", &js::trainer_settings);
  emscripten::function("_trainerStep", &js::trainer_step);
  emscripten::function("_trainerMaxSteps", &js::trainer_max_steps);
  emscripten::function("_trainerSnapshot", &js::trainer_snapshot);
  emscripten::function("_trainerFree", &js::trainer_free);
  emscripten::function("_patternMetrics", &js::pattern_metrics_js);
  emscripten::function("_bestHead", &js::best_head_js);
  emscripten::function("_phaseChangeStep", &js::phase_change_step_js);
}
